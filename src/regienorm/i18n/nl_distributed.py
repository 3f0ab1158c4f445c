"""Dutch texts of the diagnostics of judging on a Dask cluster (``evaluate --dask``, regienorm.distributed):
RN950-RN954."""

from __future__ import annotations

MESSAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "RN950": (
        ("`--dask` takes `local:N` or a scheduler's address, not `{spec}`",
         "`--dask` neemt `local:N` of het adres van een scheduler, niet `{spec}`"),
        ("`local:2` starts two worker processes on this machine; `tcp://host:8786` uses a running Dask scheduler",
         "`local:2` start twee werkprocessen op deze machine; `tcp://host:8786` gebruikt een draaiende Dask-scheduler"),
    ),
    "RN951": (
        ("`--dask` needs dask and distributed, which are not installed", "`--dask` vraagt dask en distributed, die niet zijn geïnstalleerd"),
        ("install them with `pip install 'regienorm[dask]'`", "installeer ze met `pip install 'regienorm[dask]'`"),
    ),
    "RN952": (
        ("judging the shard `{path}` failed on a worker: {what}", "het beoordelen van het deel `{path}` mislukte op een werkproces: {what}"),
        ("the other shards were judged all the same; check that every worker has this version of regienorm "
         "and enough memory for the shard, then run again",
         "de andere delen zijn toch beoordeeld; controleer dat elk werkproces deze versie van regienorm heeft "
         "en genoeg geheugen voor het deel, en probeer het opnieuw"),
    ),
    "RN953": (
        ("cannot reach the Dask scheduler at `{address}`", "de Dask-scheduler op `{address}` is niet bereikbaar"),
        ("start the scheduler (`dask scheduler`) and its workers, or give `local:N` to judge on this machine",
         "start de scheduler (`dask scheduler`) en zijn werkprocessen, of geef `local:N` om op deze machine te beoordelen"),
    ),
}
