"""Load the regienorm pytest plugin from this checkout when the installed regienorm does not
register it (an editable install made before the entry point existed, or no install at all)."""

from importlib.metadata import entry_points

if not any(ep.value == "_regienorm_pytestplugin" for ep in entry_points(group="pytest11")):
    pytest_plugins = ["_regienorm_pytestplugin"]
