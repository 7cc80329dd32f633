"""What the end-to-end scripts check on every cluster, whatever runs it (imported from the scripts' directory)."""
import distributed


def plain_client_outcome(address: str) -> str:
    """How a ``distributed.Client`` without the cluster's certificate fares: ``connected`` must never happen."""
    try:
        plain = distributed.Client(address, timeout="5s")
        plain.close()
        return "connected"
    except Exception as error:  # a client without the cluster's certificate must not get in
        return type(error).__name__
