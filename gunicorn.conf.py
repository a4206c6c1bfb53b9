"""gunicorn's settings for Marginalia (read from the working directory: run gunicorn from
the repository). Each can be overridden on the command line or by GUNICORN_CMD_ARGS.

Threaded workers: a reader's request mostly waits on the database, and a streamed export
(tens of megabytes to a slow client) holds one thread, not a whole worker process.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# With threads, the timeout is how long a worker may go without a sign of life, not how
# long one request may take: a large export streamed slowly finishes however long it takes.
timeout = 60
graceful_timeout = 60
keepalive = 5
# Workers are replaced now and then (memory held by a big import or export goes with
# them), at different moments so they never all restart together.
max_requests = 2000
max_requests_jitter = 200
# Requests whose headers are this large are bad requests, answered 400 by gunicorn.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
# Loaded once in the master before forking: workers start fast and share memory.
preload_app = True
