"""The attack catalogue: each entry is one notebook's worth of cheating or sabotage.

Every attack is added to the same baseline submission (wrong answers, one right answer), so its
score can be compared with the baseline's. `where` is "setup" (a new cell right after the setup
cell, so it affects everything after it) or an answer cell's grade id (the attack replaces that
answer). Attacks print anything they manage to read, so a leak shows up in the graded notebook.
"""
from __future__ import annotations

LISTENER_PORT = 47_913  # the test listens here on the host's loopback

#: Replaced by the course's real path on the host before grading, so the probes look exactly there.
COURSE_TOKEN = "COURSE-ROOT-ON-THE-HOST"

FIND = (
    "import fnmatch, os\n"
    f"COURSE = {COURSE_TOKEN!r}\n"
    "SKIP = {'/proc', '/sys', '/dev', '/usr', '/lib', '/lib64', '/bin', '/sbin'}\n"
    "def grab(*patterns, direct=()):\n"
    "    found = [os.path.join(COURSE, p) for p in direct]\n"
    "    seen = 0\n"
    "    for root in [COURSE, '/work', '/root', '/home', '/tmp', os.path.expanduser('~'), '..', '/']:\n"
    "        for dirpath, dirnames, filenames in os.walk(root):\n"
    "            dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in SKIP]\n"
    "            seen += 1\n"
    "            if seen > 3000:\n"
    "                dirnames[:] = []\n"
    "            for name in filenames:\n"
    "                path = os.path.join(dirpath, name)\n"
    "                if any(fnmatch.fnmatch(path, '*' + p) for p in patterns) and len(found) < 60:\n"
    "                    found.append(path)\n"
    "    for path in found:\n"
    "        try:\n"
    "            print(path, open(path, errors='replace').read()[:2000])\n"
    "        except Exception as exc:\n"
    "            print(path, type(exc).__name__)\n"
    "    print('PROBE-DONE', seen, 'folders searched')\n"
    "    return found\n"
)
#: The attacks that must finish their search (print PROBE-DONE) for their "read nothing" to count.
PROBES = ["read-source", "read-gradebook", "read-other-students", "write-nbgrader-config"]

ATTACKS: dict[str, tuple[str, str]] = {
    # --- fooling the checks ------------------------------------------------------------------
    "always-equal": ("q01_predict_mean", (
        "class AlwaysEqual:\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    def __float__(self): return 7.0\n"
        "predicted_mean = AlwaysEqual()\n")),
    "float-subclass": ("q01_predict_mean", (
        "class Sly(float):\n"
        "    def __eq__(self, other): return True\n"
        "    __hash__ = float.__hash__\n"
        "predicted_mean = Sly(1.0)\n")),
    "ndarray-subclass": ("q01_predict_mean", (
        "import numpy as np\n"
        "class Sly(np.ndarray):\n"
        "    def __eq__(self, other): return np.True_\n"
        "predicted_mean = np.array(1.0).view(Sly)\n")),
    "series-subclass": ("q03_missing", (
        "import pandas as pd\n"
        "class Sly(pd.Series):\n"
        "    def __eq__(self, other): return True\n"
        "missing_per_column = Sly([0] * 8, index=penguins.columns)\n")),
    "patched-numpy-testing": ("setup", (
        "import numpy.testing\n"
        "numpy.testing.assert_allclose = lambda *a, **k: None\n"
        "numpy.testing.assert_array_equal = lambda *a, **k: None\n")),
    "patched-pandas-testing": ("setup", (
        "import pandas.testing\n"
        "pandas.testing.assert_frame_equal = lambda *a, **k: None\n"
        "pandas.testing.assert_series_equal = lambda *a, **k: None\n")),
    "patched-math": ("setup", "import math\nmath.isclose = lambda *a, **k: True\nmath.isnan = lambda x: False\n"),
    "patched-builtins": ("setup", (
        "import builtins\n"
        "builtins.isinstance = lambda *a, **k: True\n"
        "builtins.all = lambda *a, **k: True\n")),
    "input-transformer": ("setup", "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n"),
    "ast-transformer": ("setup", (
        "import ast\n"
        "class Strip(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        return ast.Module(body=[ast.Pass()], type_ignores=[])\n"
        "get_ipython().ast_transformers.append(Strip())\n")),
    "hidden-tracebacks": ("setup", (
        "ip = get_ipython()\n"
        "ip.showtraceback = lambda *a, **k: None\n"
        "ip._showtraceback = lambda *a, **k: None\n"
        "ip.set_custom_exc((BaseException,), lambda *a, **k: None)\n")),
    # --- breaking the kernel ------------------------------------------------------------------
    "sys-exit": ("setup", "import sys\nsys.exit(0)\n"),
    "os-exit": ("setup", "import os\nos._exit(0)\n"),
    "segfault": ("setup", "import ctypes\nctypes.string_at(0)\n"),
    "sigint-ignored-loop": ("setup", (
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n")),
    "memory-bomb": ("setup", "hog = []\nwhile True:\n    hog.append(bytearray(100 * 2**20))\n"),
    "fork-bomb": ("setup", (
        "import os\n"
        "while True:\n"
        "    try:\n"
        "        os.fork()\n"
        "    except OSError:\n"
        "        pass\n")),
    "fill-disk": ("setup", (
        "import os\n"
        "for folder in ['.', '/tmp', os.path.expanduser('~')]:\n"
        "    for i in range(100):\n"
        "        try:\n"
        "            with open(os.path.join(folder, f'fill{i}'), 'wb') as fh:\n"
        "                fh.write(b'0' * (64 * 2**20))\n"
        "        except OSError as exc:\n"
        "            print('stopped:', exc)\n"
        "            break\n")),
    "huge-print": ("setup", "print('x' * 50_000_000)\n"),
    "display-update-bomb": ("setup", (
        "from IPython.display import display, update_display\n"
        "for _ in range(20):\n"
        "    display('small', display_id='same')\n"
        "update_display('y' * 5_000_000, display_id='same')\n")),
    # --- reading what it should not ----------------------------------------------------------
    "read-source": ("setup", FIND + (
        "grab('hidden_checks.py', '.ipynb', 'variants.py', direct=['source/00-python-for-data/hidden_checks.py',\n"
        "     'source/00-python-for-data/python-for-data.ipynb', 'source/00-python-for-data/variants.py'])\n")),
    "read-gradebook": ("setup", FIND + "grab('gradebook.db*', direct=['gradebook.db'])\n"),
    "read-environment": ("setup", (
        "import os, glob\n"
        "print(dict(os.environ))\n"
        "for path in glob.glob('/proc/*/environ'):\n"
        "    try:\n"
        "        print(path, open(path, 'rb').read()[:3000])\n"
        "    except Exception as exc:\n"
        "        print(path, type(exc).__name__)\n"
        "for path in ['/root/.curriculum-secret-marker', '/root/.bash_history', '/etc/passwd']:\n"
        "    try:\n"
        "        print(path, open(path).read()[:2000])\n"
        "    except Exception as exc:\n"
        "        print(path, type(exc).__name__)\n")),
    "read-other-students": ("setup", FIND + (
        "grab('submitted/*/*/*.ipynb', 'autograded/*/*/*.ipynb', direct=[\n"
        "     'submitted/honest-a/00-python-for-data/python-for-data.ipynb',\n"
        "     'autograded/honest-a/00-python-for-data/python-for-data.ipynb'])\n")),
    "loopback-request": ("setup", (
        "import socket\n"
        f"for host in ['127.0.0.1', 'localhost', '::1']:\n"
        "    try:\n"
        f"        s = socket.create_connection((host, {LISTENER_PORT}), timeout=2)\n"
        "        s.sendall(b'ATTACK-REACHED-THE-HOST')\n"
        "        print('connected', host)\n"
        "    except OSError as exc:\n"
        "        print('no connection', host, exc)\n")),
    # --- leaving something behind ------------------------------------------------------------
    "ipython-startup": ("setup", (
        "import os\n"
        "for folder in ['/root/.ipython/profile_default/startup',\n"
        "               os.path.expanduser('~/.ipython/profile_default/startup')]:\n"
        "    try:\n"
        "        os.makedirs(folder, exist_ok=True)\n"
        "        open(os.path.join(folder, '00-attack.py'), 'w').write('ATTACKED = True')\n"
        "        print('wrote', folder)\n"
        "    except OSError as exc:\n"
        "        print('refused', folder, exc)\n")),
    "write-nbgrader-config": ("setup", FIND + (
        "for path in grab('nbgrader_config.py', direct=['nbgrader_config.py']) + ['nbgrader_config.py']:\n"
        "    try:\n"
        "        open(path, 'a').write('\\nc.Autograde.autograde_preprocessors = []\\n')\n"
        "        print('rewrote', path)\n"
        "    except OSError as exc:\n"
        "        print('refused', path, exc)\n")),
    "detached-process": ("setup", (
        "import subprocess, sys\n"
        "code = ('import time\\n'\n"
        "        'time.sleep(25)\\n'\n"
        f"        'open(\"{COURSE_TOKEN}/gradebook.db\", \"wb\").write(b\"corrupted\")\\n')\n"
        "subprocess.Popen([sys.executable, '-c', code], start_new_session=True,\n"
        "                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print('detached')\n")),
    "outbox-symlink": ("setup", (
        "import glob, os\n"
        "for box in glob.glob('/tmp/curriculum-judge-*/outbox'):\n"
        "    for grade_id in ['q01_predict_mean', 'q02_shape']:\n"
        "        try:\n"
        "            os.makedirs(os.path.join(box, grade_id), exist_ok=True)\n"
        "            os.symlink('/etc/shadow', os.path.join(box, grade_id, 'manifest.json'))\n"
        "        except OSError as exc:\n"
        "            print(exc)\n")),
    # --- the answer folder and the kernel's messages (found by a security review) ---------------
    # "last": a new cell at the end, after every export, so the grader reads what it leaves
    "outbox-fifo": ("last", (
        "import glob, os\n"
        "for box in glob.glob('/tmp/curriculum-judge-*/outbox'):\n"
        "    os.mkfifo(os.path.join(box, 'q01_predict_mean.fifo'))\n"
        "    os.makedirs(os.path.join(box, 'q05_group'), exist_ok=True)\n"
        "    os.remove(os.path.join(box, 'q05_group', 'manifest.json')) if os.path.exists(os.path.join(box, 'q05_group', 'manifest.json')) else None\n"
        "    os.mkfifo(os.path.join(box, 'q05_group', 'manifest.json'))\n")),
    "outbox-deep-folders": ("last", (
        "import glob, os\n"
        "for box in glob.glob('/tmp/curriculum-judge-*/outbox'):\n"
        "    os.makedirs(os.path.join(box, *['d'] * 1200), exist_ok=True)\n")),
    "parquet-bomb": ("last", (
        "import glob, json, os\n"
        "import numpy as np, pyarrow as pa, pyarrow.parquet as pq\n"
        "chunk = pa.table({'value': pa.array(np.zeros(1 << 20, dtype=np.int64))})\n"
        "for box in glob.glob('/tmp/curriculum-judge-*/outbox'):\n"
        "    folder = os.path.join(box, 'q03_missing')\n"
        "    os.makedirs(folder, exist_ok=True)\n"
        "    with pq.ParquetWriter(os.path.join(folder, 'missing_per_column.parquet'), chunk.schema, compression='zstd') as w:\n"
        "        for _ in range(16):\n"
        "            w.write_table(chunk, row_group_size=1 << 20)\n"
        "    json.dump({'missing_per_column': {'status': 'ok', 'fmt': 'parquet'}}, open(os.path.join(folder, 'manifest.json'), 'w'))\n")),
    "malformed-message": ("setup", (
        "k = get_ipython().kernel\n"
        "k.session.send(k.iopub_socket, 'error', {'evalue': 'x'}, parent=k.get_parent())\n")),
    "markup-in-output": ("setup", (
        "k = get_ipython().kernel\n"
        "k.session.send(k.iopub_socket, 'stream', {'name': 'stdout', 'text': {'[/] [link=https://x.example]x[/link]': 1}},\n"
        "               parent=k.get_parent())\n")),
    "forged-prompt": ("setup", (
        "k = get_ipython().kernel\n"
        "k.session.send(k.iopub_socket, 'execute_input', {'code': '', 'execution_count': '<img src=x onerror=alert(1)>'},\n"
        "               parent=k.get_parent())\n")),
    "script-in-output": ("last", (
        "from IPython.display import HTML, display\n"
        "display(HTML('<script>document.title=\"LEARNER-SCRIPT\"</script><b>hello</b>'))\n")),
}

#: Attacks on the notebook file itself rather than its code: (name, how the JSON is changed).
TAMPERING = ["tampered-test-cell", "tampered-points", "duplicate-grade-id", "flipped-cell-role"]
#: Attacks on the grader's machinery whose honest part must still be graded (not failed, not retried).
STILL_GRADED = ["outbox-fifo", "outbox-deep-folders", "parquet-bomb", "malformed-message", "markup-in-output",
                "forged-prompt", "script-in-output", "flipped-cell-role"]
