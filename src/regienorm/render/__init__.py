"""Renderers: views of one :class:`~regienorm.judgement.Assessment`. They compute nothing."""
