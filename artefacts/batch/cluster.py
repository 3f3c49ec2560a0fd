"""Where a batch runs: a local Dask cluster (the default) or a running scheduler.

The local cluster has ``workers`` worker processes of one thread each and listens on 127.0.0.1
only: the scheduler, the workers and the scheduler's HTTP endpoint (health and metrics; the
dashboard is off). A remote scheduler is reached at its address, with TLS when certificates are
given (Dask's ``Security``); a manifest that carries key material is refused over a scheduler
without TLS, because the task's arguments (the keys among them) cross the network, unless the
examiner overrides it explicitly (the batch record notes the override).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import UsageError


@dataclass
class TLS:
    ca_file: str | None = None
    cert: str | None = None
    key: str | None = None

    @property
    def given(self) -> bool:
        return bool(self.ca_file and self.cert and self.key)

    def security(self):
        from distributed.security import Security

        return Security(tls_ca_file=self.ca_file, tls_client_cert=self.cert, tls_client_key=self.key,
                        require_encryption=True)


def check_transport(scheduler: str | None, tls: TLS, has_keys: bool, allow_insecure_keys: bool) -> str | None:
    """Refuse keys over a scheduler without TLS; the note for the batch record when overridden."""
    if scheduler is None:
        return None
    if (tls.given or scheduler.startswith("tls://")) and not tls.given:
        raise UsageError("a tls:// scheduler needs --tls-ca-file, --tls-cert and --tls-key")
    if tls.given or not has_keys:
        return None
    if not allow_insecure_keys:
        raise UsageError(f"the manifest carries keys and {scheduler} is not reached over TLS: give --tls-ca-file, "
                         "--tls-cert and --tls-key, or --allow-insecure-keys to send them in clear")
    return f"keys sent to {scheduler} without TLS (--allow-insecure-keys)"


def connect(scheduler: str | None, workers: int, tls: TLS):
    """A Dask client, and the local cluster it owns (None for a remote scheduler)."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0", silence_logs=50,
                               scheduler_kwargs={"dashboard": False})
        return Client(cluster), cluster
    return Client(scheduler, security=tls.security() if tls.given else None, timeout="30s"), None
