"""A lab's caseload: many extractions as one batch of independent tasks on Dask.

``artefacts batch MANIFEST -o CASEDIR`` reads the extractions of a manifest (:mod:`.manifest`),
runs one task per extraction on a Dask cluster (:mod:`.cluster`: a local cluster on this machine
by default, or a running scheduler), each task writing ``CASEDIR/<evidence id>.sqlite`` exactly as
``artefacts parse`` of that extraction alone would (:mod:`.tasks`), and keeps the batch record
``CASEDIR/batch.json`` (:mod:`.record`): a rerun skips what is done and still verifies, a task
whose worker dies is run again by Dask, nothing is left half-written. :mod:`.runner` ties them.
"""

from .runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchOptions", "BatchResult", "run_batch"]
