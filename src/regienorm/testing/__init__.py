"""For test suites: :mod:`.snapshot` (the meaning of each verdict, one sorted line per judgement),
:mod:`.cases` (YAML case files) and :mod:`.session` (what the pytest plugin keeps for one run).

The plugin itself is the top-level module ``_regienorm_pytestplugin`` (entry point ``pytest11``),
which imports only pytest; see docs/testing.md."""
