"""An instance's agent side of the Cloud Logging round trip (CloudLoggingAgentRoundTripTest): the bootstrap
response's ``logs`` (FLOTILLA_TEST_BOOT, JSON) turned into the Dask process's environment by the agent, the
shipping module installed as Dask's preload import does, a few lines logged through ``logging``, then a normal
exit, which must send what is still queued."""

import importlib
import json
import logging
import os
import pathlib
import sys
import tempfile

from flotilla import agent

boot = json.loads(os.environ.pop("FLOTILLA_TEST_BOOT"))
if not agent.ships_logs(boot):
    sys.exit(f"the agent does not ship logs of kind {boot['logs']['kind']!r}")
os.environ.update(agent.environment(boot, pathlib.Path(tempfile.gettempdir())))
cmd = agent.command(boot)
preload = cmd[cmd.index("--preload") + 1]
# the agent imported the module already (as in its in-process start): install it as run_dask does
importlib.import_module(preload).install()

log = logging.getLogger("distributed.worker")
log.setLevel(logging.INFO)
log.info("Start worker at: tls://10.0.0.8:40000")
log.warning("Memory use is high but worker has no data to store to disk")
try:
    raise ValueError("boom")
except ValueError:
    log.exception("Compute Failed")
log.info("End worker")
print("logged", flush=True)
