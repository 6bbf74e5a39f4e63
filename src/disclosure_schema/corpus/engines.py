"""Where the two stages run: local processes, or a Dask cluster.

Both engines run the same pure functions (:func:`.portable.load`, then
:func:`.jobs.run_file_job`), so they give the same results. On Dask the reports
read in stage one stay on the workers that read them; stage two's tasks take
them as futures, and only small per-file metadata and the outcomes travel to
the driver.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import attrs

from ..batch import Progress, run_parallel
from ..errors import ReadError
from .chains import plan_chains
from .jobs import FileJob, FileResult, run_file_job, run_packed
from .names import AgencyNames
from .portable import Loaded, LoadJob, Meta, load, meta
from .rollup import Family, plan_rollups


class Engine(Protocol):
    def load(self, jobs: Sequence[LoadJob]) -> tuple[Sequence[Any], list[Meta]]:
        """Stage one: read every file; handles to the results (kept where they are) and their metadata."""

    def check(self, jobs: Sequence[FileJob], handles: Sequence[Any]) -> Iterator[FileResult]:
        """Stage two: every file's job, results in job order."""

    def close(self) -> None: ...


class LocalEngine:
    """Processes on this machine (``--jobs N``), with the batch's progress bar."""

    def __init__(self, jobs: int, progress: Progress | None = None) -> None:
        self.jobs = jobs
        self.progress = progress or Progress(0, enabled=False)

    def load(self, jobs: Sequence[LoadJob]) -> tuple[list[Loaded], list[Meta]]:
        loaded = list(run_parallel(load, jobs, self.jobs, self.progress, _path))
        return loaded, [meta(x) for x in loaded]

    def check(self, jobs: Sequence[FileJob], handles: Sequence[Any]) -> Iterator[FileResult]:
        packed = [(job, handles[job.index], [handles[r] for r in job.refs]) for job in jobs]
        return run_parallel(run_packed, packed, self.jobs, self.progress, _packed_path)

    def close(self) -> None:
        self.progress.close()


def _path(job: LoadJob) -> str:
    return job.path


def _packed_path(packed: tuple[FileJob, Loaded, Sequence[Loaded]]) -> str:
    return packed[1].path


class DaskEngine:
    """Dask distributed: a running scheduler (``tcp://host:8786``), or a local cluster of ``workers`` processes."""

    def __init__(self, scheduler: str | None, workers: int = 2, progress: Progress | None = None,
                 timeout: float = 30) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ReadError("--engine", "dask", "needs Dask distributed: pip install 'disclosure-schema[dask]'") from None
        self.progress = progress or Progress(0, enabled=False)
        self.cluster: Any = None
        self.chunk = 1
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=timeout)
                try:  # a scheduler without workers would take the tasks and never finish them
                    self.client.wait_for_workers(1, timeout=timeout)
                except TimeoutError:
                    self.client.close()
                    raise ReadError("--scheduler", scheduler, f"the Dask scheduler has no worker after {timeout:g} s; "
                                    "start some with `dask worker ADDRESS`") from None
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            raise ReadError("--scheduler", scheduler or "", f"cannot reach the Dask scheduler: {exc}") from None

    def load(self, jobs: Sequence[LoadJob]) -> tuple[list[Any], list[Meta]]:
        # Tasks of a few dozen files each: the scheduler's cost is per task, not per file.
        workers = max(1, sum(self.client.nthreads().values()))
        self.chunk = max(1, min(64, -(-len(jobs) // (workers * 8))))
        chunks = [list(jobs[i:i + self.chunk]) for i in range(0, len(jobs), self.chunk)]
        futures = self.client.map(load_many, chunks, pure=False)
        metas: list[Meta] = []
        for part in self.client.gather(self.client.map(metas_of, futures, pure=False)):
            metas += part
        for m in metas:
            self.progress.step(m.path)
        return futures, metas

    def check(self, jobs: Sequence[FileJob], handles: Sequence[Any]) -> Iterator[FileResult]:
        c = self.chunk
        futures = []
        for start in range(0, len(jobs), c):
            part = list(jobs[start:start + c])
            needed = sorted({i // c for job in part for i in (job.index, *job.refs)})
            futures.append(self.client.submit(check_many, part, c, needed, *(handles[k] for k in needed), pure=False))
        for future in futures:
            for result in future.result():
                self.progress.step(result.outcome.path)
                yield result

    def close(self) -> None:
        self.progress.close()
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def load_many(jobs: list[LoadJob]) -> list[Loaded]:
    return [load(j) for j in jobs]


def metas_of(loaded: list[Loaded]) -> list[Meta]:
    return [meta(x) for x in loaded]


def check_many(jobs: list[FileJob], chunk: int, chunk_ids: list[int], *chunks: list[Loaded]) -> list[FileResult]:
    """Stage two for a run of jobs; ``chunks`` are stage one's results that hold every file they refer to."""
    by_index = {k * chunk + j: x for k, part in zip(chunk_ids, chunks, strict=True) for j, x in enumerate(part)}
    return [run_file_job(job, by_index[job.index], *(by_index[r] for r in job.refs)) for job in jobs]


@attrs.frozen
class CorpusOptions:
    chains: bool = False
    names: AgencyNames = attrs.field(factory=AgencyNames)
    families: tuple[Family, ...] = ()
    lang: str = "zh"
    from_kind: str | None = None
    rows: bool = False  # stage two also returns dataset rows (export)
    ignore: tuple[str, ...] = ()  # rule ids not run (validate --ignore)


@attrs.frozen
class Planned:
    """Stage one's metadata and stage two's jobs, for callers that summarise by agency."""

    metas: list[Meta]
    keys: tuple[str | None, ...]
    jobs: list[FileJob]


def run_corpus(files: Sequence[str], options: CorpusOptions, engine: Engine) -> tuple[Planned, Iterator[FileResult]]:
    """Both stages; the results come in the order of ``files``."""
    handles, metas = engine.load([LoadJob(f, options.from_kind, options.lang) for f in files])
    plan = plan_chains(metas, options.names, chains=options.chains)
    rollups = plan_rollups(options.families, options.names, plan.primary) if options.families else {}
    jobs = [FileJob(i, options.lang, plan.previous[i], plan.duplicate_of[i], rollups.get(i, ()), plan.findings[i],
                    options.rows, options.ignore) for i in range(len(files))]
    return Planned(metas, plan.keys, jobs), engine.check(jobs, handles)
