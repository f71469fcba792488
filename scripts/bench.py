"""The benchmarks behind scripts/bench (run that, not this): Deny List Manager's release
binaries side by side with the official Auth0 Python SDK (auth0-python), against the
simulator on loopback. Numbers are printed and written to docs/benchmarks.md; nothing is
asserted.

  1. listing 10 000 connections with their deny-list sizes;
  2. one change, three times in three runs: Management API calls and tokens, and whether
     every option survived byte for byte;
  3. one attribute added to 1 000 connections under a rate limit (16 a second, bucket of 50);
  4. the desktop app: start to the first screen, and memory against an empty Tauri window.

`python bench.py sdk-list|sdk-change|sdk-bulk …` is the SDK's side, run as its own process (the way a
script using the SDK runs) by the main harness.
"""

import atexit
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"
CLIENT_ID = "demo-admin-app"
CLIENT_SECRET = "demo-secret-for-the-local-simulator"
# A connection of the demo tenant with a rich set of recorded SAML options.
CHANGE_CONNECTION = "con_DemoAcmeSamlConn1"
CHANGE_ATTRIBUTES = ["employee_id", "cost_center", "department"]


# ---------------------------------------------------------------- the SDK's side (own process)


def sdk_client(hostport):
    """The SDK speaks https only: send its loopback requests over http, nothing else changed."""
    import httpx

    original = httpx.HTTPTransport.handle_request

    def handle(self, request):
        if request.url.scheme == "https" and request.url.host == "127.0.0.1":
            request.url = request.url.copy_with(scheme="http")
        return original(self, request)

    httpx.HTTPTransport.handle_request = handle
    from auth0.management import ManagementClient

    return ManagementClient(domain=hostport, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)


def sdk_list(hostport):
    started = time.perf_counter()
    client = sdk_client(hostport)
    # Checkpoint pages of 100, as ours (the SDK's defaults are offset pages of 50 with totals,
    # which Auth0 stops at 1 000 connections).
    sizes = {}
    for c in client.connections.list(include_totals=False, take=100):
        attrs = (c.options or {}).get("non_persistent_attrs") or []
        sizes[c.id] = len(attrs)
    print(json.dumps({"count": len(sizes), "listed": sum(sizes.values()),
                      "in_process_s": time.perf_counter() - started}))


def sdk_add(client, connection, attribute):
    """The SDK's own get-merge-patch, written the way its typed models invite."""
    from auth0.management.types import UpdateConnectionOptions

    current = client.connections.get(connection)
    options = dict(current.options or {})
    attrs = list(options.get("non_persistent_attrs") or [])
    if attribute not in attrs:
        attrs.append(attribute)
    options["non_persistent_attrs"] = attrs
    client.connections.update(connection, options=UpdateConnectionOptions(**options))


def sdk_change(hostport, connection, attribute):
    sdk_add(sdk_client(hostport), connection, attribute)
    print(json.dumps({"ok": True}))


def sdk_bulk(hostport, attribute):
    """One attribute added to every connection with the SDK: list, then get-merge-patch each.
    The SDK retries 429s itself (its default: up to 2 retries with backoff)."""
    started = time.perf_counter()
    client = sdk_client(hostport)
    ids = [c.id for c in client.connections.list(include_totals=False, take=100)]
    failed = 0
    for cid in ids:
        try:
            sdk_add(client, cid, attribute)
        except Exception:  # noqa: BLE001 - a failure is counted, the loop goes on
            failed += 1
    print(json.dumps({"count": len(ids), "failed": failed, "in_process_s": time.perf_counter() - started}))


# ---------------------------------------------------------------- the harness


def run(cmd, env=None, input_text=None, check=True):
    started = time.perf_counter()
    p = subprocess.run(cmd, env=env, input=input_text, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if check and p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr[-2000:]}")
    return p, elapsed


# Every process started here, stopped however the harness ends.
STARTED = []


@atexit.register
def stop_everything():
    for proc in STARTED:
        if proc.poll() is None:
            stop(proc)


class Simulator:
    def __init__(self, connections=None, rate_limit=None):
        args = [str(RELEASE / "auth0-simulator"), "--control-port", "0"]
        if connections:
            args += ["--connections", str(connections)]
        if rate_limit:
            args += ["--rate-limit", rate_limit]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        STARTED.append(self.proc)
        self.base = self.control = None
        while self.base is None or self.control is None:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the simulator did not start")
            if m := re.search(r" at (http://127\.0\.0\.1:\d+)", line):
                self.base = m.group(1)
            if m := re.search(r"requests seen: (http://\S+)", line):
                self.control = m.group(1)
        self.hostport = self.base.removeprefix("http://")

    def requests(self):
        with urllib.request.urlopen(self.control, timeout=30) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def counted(before, after):
    new = after[len(before):]
    return {
        "tokens": sum(1 for r in new if r["path"] == "/oauth/token"),
        "management": sum(1 for r in new if r["path"].startswith("/api/v2")),
        "calls": [f"{r['method']} {r['path']}" for r in new if r["path"].startswith("/api/v2")],
        "patches": [r["body"] for r in new if r["method"] == "PATCH"],
    }


def ours_env(home):
    env = dict(os.environ)
    env.update({
        "AUTH0_CLIENT_ID": CLIENT_ID,
        "AUTH0_CLIENT_SECRET": CLIENT_SECRET,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "NO_COLOR": "1",
    })
    env.pop("AUTH0_TOKEN", None)
    return env


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def bench_listing(runs, n, home, results):
    print(f"\n== 1. Listing {n} connections with their deny-list sizes ({runs} runs each)")
    sim = Simulator(connections=n)
    env = ours_env(home)
    ours_cmd = [str(RELEASE / "denylist"), "--domain", sim.base, "--json", "connections"]
    sdk_cmd = [sys.executable, __file__, "sdk-list", sim.hostport]
    run(ours_cmd, env)  # warm-up: the first run also mints the token the later runs reuse
    run(sdk_cmd)
    ours, sdk, sdk_inproc, ours_req, sdk_req = [], [], [], None, None
    for _ in range(runs):
        before = sim.requests()
        p, t = run(ours_cmd, env)
        doc = json.loads(p.stdout)
        rows = doc["connections"]
        assert len(rows) == n, f"ours listed {len(rows)}"
        ours_sizes = sum(r["deny_list_size"] for r in rows)
        ours_req = counted(before, sim.requests())
        ours.append(t)
        before = sim.requests()
        p, t = run(sdk_cmd)
        out = json.loads(p.stdout)
        assert out["count"] == n, f"the SDK listed {out['count']}"
        assert out["listed"] == ours_sizes, "both sides see the same deny lists"
        sdk_req = counted(before, sim.requests())
        sdk.append(t)
        sdk_inproc.append(out["in_process_s"])
    sim.stop()
    r = {
        "n": n, "runs": runs,
        "ours_s": median(ours), "sdk_s": median(sdk), "sdk_in_process_s": median(sdk_inproc),
        "ours_requests": ours_req["management"], "ours_tokens": ours_req["tokens"],
        "sdk_requests": sdk_req["management"], "sdk_tokens": sdk_req["tokens"],
        "ours_all": ours, "sdk_all": sdk,
    }
    r["ratio"] = r["sdk_s"] / r["ours_s"]
    r["ratio_in_process"] = r["sdk_in_process_s"] / r["ours_s"]
    results["listing"] = r
    print(f"   denylist (release): {r['ours_s']:.3f} s, {r['ours_requests']} list requests, "
          f"{r['ours_tokens']} new tokens per run")
    print(f"   auth0-python:       {r['sdk_s']:.3f} s whole process ({r['sdk_in_process_s']:.3f} s "
          f"after start-up and imports), {r['sdk_requests']} list requests, {r['sdk_tokens']} new tokens per run")
    print(f"   ours is {r['ratio']:.1f}x faster ({r['ratio_in_process']:.1f}x against the SDK's in-process time)")


def parse_keep_text(text):
    """JSON with every number kept as its text and key order kept, for byte-level comparison."""
    return json.loads(text, parse_float=str, parse_int=str, parse_constant=str,
                      object_pairs_hook=lambda pairs: pairs)


def options_kept(before_options, patch_body):
    """Were all options but the deny list sent back exactly as stored (order, numbers, text)?"""
    sent = dict(parse_keep_text(patch_body)).get("options") or []
    strip = lambda pairs: [(k, v) for k, v in pairs if k != "non_persistent_attrs"]
    want, got = strip(before_options), strip(sent)
    if want == got:
        return True, []
    want_d, got_d = dict(want), dict(got)
    lost = [k for k in want_d if k not in got_d]
    changed = [k for k in want_d if k in got_d and want_d[k] != got_d[k]]
    added = [k for k in got_d if k not in want_d]
    order = [] if lost or changed or added else ["(key order)"]
    return False, [f"dropped {k}" for k in lost] + [f"changed {k}" for k in changed] + \
        [f"added {k}" for k in added] + order


def stored_options(sim):
    """The connection's options as the server sends them, read outside any counted window (with
    the harness's own token, and a pause first so the demo tenant's rate-limit bucket refills and
    the side being measured never meets a 429 the harness caused)."""
    if not getattr(sim, "token", None):
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                       "client_secret": CLIENT_SECRET,
                                       "audience": f"{sim.base}/api/v2/"}).encode()
        with urllib.request.urlopen(f"{sim.base}/oauth/token", data=form, timeout=30) as r:
            sim.token = json.load(r)["access_token"]
    time.sleep(2)
    req = urllib.request.Request(f"{sim.base}/api/v2/connections/{CHANGE_CONNECTION}",
                                 headers={"authorization": f"Bearer {sim.token}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        conn = dict(parse_keep_text(r.read().decode()))
    return conn.get("options") or [], conn.get("display_name")


def bench_change(home, results):
    print("\n== 2. One change, three times in three runs (the demo tenant)")
    r = {}
    for side in ("ours", "sdk"):
        sim = Simulator()
        env = ours_env(home / f"change-{side}")
        runs, kept, display = [], [], []
        for attr in CHANGE_ATTRIBUTES:
            before_options, display_before = stored_options(sim)
            before = sim.requests()
            if side == "ours":
                cmd = [str(RELEASE / "denylist"), "--domain", sim.base, "add", CHANGE_CONNECTION,
                       attr, "--yes"]
                run(cmd, env)
            else:
                run([sys.executable, __file__, "sdk-change", sim.hostport, CHANGE_CONNECTION, attr])
            c = counted(before, sim.requests())
            runs.append(c)
            ok, why = options_kept(before_options, c["patches"][-1]) if c["patches"] else (False, ["no PATCH"])
            kept.append((ok, why))
            display.append(stored_options(sim)[1] == display_before)
        sim.stop()
        r[side] = {
            "calls_per_change": [x["management"] for x in runs],
            "calls": [x["calls"] for x in runs],
            "tokens_total": sum(x["tokens"] for x in runs),
            "options_kept": all(k for k, _ in kept),
            "options_problems": sorted({w for _, why in kept for w in why}),
            "display_name_kept": all(display),
        }
    results["change"] = r
    for side, label in (("ours", "denylist add … --yes"), ("sdk", "auth0-python get-merge-patch")):
        x = r[side]
        print(f"   {label}: calls per change {x['calls_per_change']} ({x['calls'][0]}), "
              f"tokens for all three runs: {x['tokens_total']}")
        print(f"      every other option kept byte for byte: {'yes' if x['options_kept'] else 'NO'}"
              f"{'' if x['options_kept'] else ' — ' + ', '.join(x['options_problems'][:8])}")
        print(f"      display_name kept: {'yes' if x['display_name_kept'] else 'NO (reset to the name)'}")


BULK_N, BULK_BURST, BULK_RPS = 1000, 50, 16


def bench_bulk(home, results):
    print(f"\n== 3. One attribute added to {BULK_N} connections under {BULK_RPS} requests a second "
          f"(burst {BULK_BURST})")
    bound = 2 * BULK_N / BULK_RPS
    r = {"n": BULK_N, "burst": BULK_BURST, "rps": BULK_RPS, "bound_s": bound}
    for side in ("ours", "sdk"):
        sim = Simulator(BULK_N, f"{BULK_BURST}/{BULK_RPS}")
        before = sim.requests()
        if side == "ours":
            cmd = [str(RELEASE / "denylist"), "--domain", sim.base, "--json", "bulk", "add", "--all",
                   "religion", "--yes"]
            p, elapsed = run(cmd, ours_env(home / "bulk"), check=False)
            report = json.loads(p.stdout)["report"]
            changed, failed = report["counts"]["changed"], report["counts"]["failed"]
        else:
            p, elapsed = run([sys.executable, __file__, "sdk-bulk", sim.hostport, "religion"])
            out = json.loads(p.stdout)
            changed, failed = out["count"] - out["failed"], out["failed"]
        seen = sim.requests()[len(before):]
        api = [x for x in seen if x["path"].startswith("/api/v2")]
        stored = [c for c in sim_connections(sim) if "religion" in (c.get("non_persistent_attrs") or [])]
        sim.stop()
        r[side] = {
            "seconds": elapsed, "changed": changed, "failed": failed, "stored": len(stored),
            "requests": len(api), "refused_429": sum(1 for x in api if x["status"] == 429),
            "tokens": sum(1 for x in seen if x["path"] == "/oauth/token"),
        }
    results["bulk"] = r
    for side, label in (("ours", "denylist bulk add --all … --yes"), ("sdk", "auth0-python loop")):
        x = r[side]
        print(f"   {label}: {x['seconds']:.1f} s ({x['seconds'] / bound:.2f}× the bound of {bound:.0f} s), "
              f"{x['changed']} changed, {x['failed']} failed, {x['stored']} stored with the attribute, "
              f"{x['requests']} requests, {x['refused_429']} refused (429)")


# The buckets Auth0 publishes: the free plan (2 at 2 a second), an enterprise non-production
# tenant (10 at 2), a production one (50 at 16); each run long enough that its start does not hide
# its pace.
PACED = [(2, 2, 60), (10, 2, 60), (50, 16, 400)]


def bench_paced(home, results):
    print("\n== 3b. Pacing at the refill rate: one attribute added under each published bucket")
    rows = []
    for burst, rps, n in PACED:
        sim = Simulator(n, f"{burst}/{rps}")
        before = sim.requests()
        cmd = [str(RELEASE / "denylist"), "--domain", sim.base, "--json", "bulk", "add", "--all",
               "religion", "--yes"]
        p, elapsed = run(cmd, ours_env(home / f"paced-{burst}-{rps}"), check=False)
        report = json.loads(p.stdout)["report"]
        seen = sim.requests()[len(before):]
        api = [x for x in seen if x["path"].startswith("/api/v2")]
        sim.stop()
        bound = 2 * n / rps
        row = {"burst": burst, "rps": rps, "n": n, "seconds": elapsed, "bound_s": bound,
               "ratio": elapsed / bound, "changed": report["counts"]["changed"],
               "failed": report["counts"]["failed"], "requests": len(api),
               "refused_429": sum(1 for x in api if x["status"] == 429)}
        rows.append(row)
        print(f"   bucket {burst} at {rps}/s, {n} connections: {elapsed:.1f} s for a bound of {bound:.0f} s "
              f"({row['ratio']:.3f}×), {row['changed']} changed, {row['refused_429']} refused (429)")
    results["paced"] = rows


def sim_connections(sim):
    """Every connection's options as the simulator stores them (its control port: no token, and
    nothing spent from the rate limit being measured)."""
    url = sim.control.rsplit("/", 1)[0] + "/connections"
    with urllib.request.urlopen(url, timeout=30) as r:
        return [c.get("options") or {} for c in json.load(r)]


# ---------------------------------------------------------------- the desktop app


def write_history(home, tenant, count):
    """`count` changes recorded for `tenant`, as the app writes them (one JSON line each)."""
    folder = home / "data" / "deny-list-manager" / "history"
    folder.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in ".-" else "_" for c in tenant)[:120]
    lines = []
    for i in range(count):
        lines.append(json.dumps({
            "v": 1, "id": f"20261201-{i // 3600:02d}{i // 60 % 60:02d}{i % 60:02d}-{i:06x}",
            "at": f"2026-12-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z",
            "tenant": tenant, "profile": "bench", "connection_id": f"con_bench{i % 500:06d}",
            "connection_name": f"conn-{i % 500:05d}", "before": ["gender"], "after": ["gender", "religion"],
            "source": "bulk", "reverts": None, "run": "bench", "notes": []}))
    path = folder / f"{name}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    os.chmod(folder, 0o700)
    os.chmod(path, 0o600)


def descendants(pid):
    children = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory_mb(pid):
    """PSS and anonymous RSS, in MB, of a process and everything it started (WebKit's processes)."""
    pss = anon = 0
    names = []
    for p in descendants(pid):
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
            names.append(Path(f"/proc/{p}/comm").read_text().strip())
        except OSError:
            continue
        fields = dict(re.findall(r"^(\w+):\s+(\d+) kB", text, re.M))
        pss += int(fields.get("Pss", 0))
        anon += int(fields.get("Anonymous", 0))
        if os.environ.get("BENCH_DETAIL"):
            print(f"      {names[-1]:16} PSS {int(fields.get('Pss', 0)) / 1024:6.1f} MB, "
                  f"anonymous {int(fields.get('Anonymous', 0)) / 1024:6.1f} MB")
    return pss / 1024, anon / 1024, names


def wait_for(probe, name, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if probe.exists():
            for line in probe.read_text().splitlines():
                if line.startswith(name + " "):
                    return int(line.split()[1]) / 1000
        time.sleep(0.01)
    raise SystemExit(f"the app never reported {name} (see {probe})")


def app_env(home, extra=None):
    env = dict(os.environ)
    env.update(extra or {})
    env.update({
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "DENYLIST_STARTUP_PROBE": str(home / "probe"),
    })
    return env


def launch(binary, env, log=None):
    out = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen([str(binary)], env=env, stdout=out, stderr=subprocess.STDOUT if log else out,
                            start_new_session=True)
    STARTED.append(proc)
    return proc


def stop(proc):
    for p in descendants(proc.pid)[::-1]:
        try:
            os.kill(p, 15)
        except OSError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


SETTLE_S = float(os.environ.get("BENCH_SETTLE", "3"))
# Starts vary by ±0.1 s from run to run here, and the first ones after the bulk runs were slower
# still (the disk writing back what they wrote): more of them, after two warm-up runs.
START_RUNS = int(os.environ.get("BENCH_START_RUNS", "9"))
START_WARMUP = 2


def quiet_machine(timeout=30):
    """Wait for the earlier work to be written out and the CPUs to be idle (9 in 10 of their time
    over half a second), so neither side of a comparison pays for what ran before it."""
    os.sync()
    deadline = time.time() + timeout

    def busy_idle():
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]

    while time.time() < deadline:
        total0, idle0 = busy_idle()
        time.sleep(0.5)
        total1, idle1 = busy_idle()
        if total1 > total0 and (idle1 - idle0) / (total1 - total0) >= 0.9:
            return


# A tenant the size of most: the connections screen with few rows.
SMALL_TENANT = 20


# WebKitGTK's two ways to draw: accelerated compositing (its default; under Xvfb, with no GPU,
# through Mesa's software OpenGL) and compositing off, the usual setting on virtual machines,
# remote desktops and GPUs it has trouble with. Both sides of each comparison use the same one.
MODES = [
    ("compositing on (WebKitGTK's default)", {}),
    ("compositing off (WEBKIT_DISABLE_COMPOSITING_MODE=1)", {"WEBKIT_DISABLE_COMPOSITING_MODE": "1"}),
]


def bench_app(runs, n, home, results, mode, extra):
    print(f"\n== 4. The desktop app (release) under Xvfb, {mode} ({runs} runs each)")
    app, empty = RELEASE / "deny-list-manager", RELEASE / "empty-window"
    r = {"runs": runs, "mode": mode}
    home = home / f"app-{len(results.setdefault('app', []))}"

    # Start to the first screen with no saved tenant (the welcome screen), alternating with the
    # floor, an empty Tauri 2 window whose page reports when drawn, so drift hits both alike.
    def once(binary, where):
        where.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(where / "config", ignore_errors=True)
        probe = where / "probe"
        probe.unlink(missing_ok=True)
        t0 = time.time()
        proc = launch(binary, app_env(where, extra))
        ready = wait_for(probe, "first-screen")
        time.sleep(SETTLE_S)
        mem = memory_mb(proc.pid)
        stop(proc)
        return ready - t0, mem

    starts, welcome, floor_starts, floor = [], [], [], []
    quiet_machine()
    for i in range(START_WARMUP + max(runs, START_RUNS)):
        app_run, floor_run = once(app, home / "welcome"), once(empty, home / "empty")
        if i >= START_WARMUP:  # the first runs fill WebKit's caches; every later start finds them
            starts.append(app_run[0])
            welcome.append(app_run[1])
            floor_starts.append(floor_run[0])
            floor.append(floor_run[1])
    r["start_s"] = median(starts)
    r["start_all"] = starts
    r["floor_start_all"] = floor_starts
    r["welcome_pss"] = median([m[0] for m in welcome])
    r["welcome_anon"] = median([m[1] for m in welcome])
    r["processes"] = sorted(welcome[-1][2])
    r["floor_start_s"] = median(floor_starts)
    # Starts that took the 500-ms wait of WebKitGTK's first draw (compositing off; see
    # src-tauri/src/painting.rs), told apart by being 0.4 s slower than the quickest of their side.
    for key, xs in (("start", starts), ("floor_start", floor_starts)):
        quick = [x for x in xs if x < min(xs) + 0.4]
        r[key + "_long"] = len(xs) - len(quick)
        r[key + "_quick_s"] = median(quick)
    r["floor_pss"] = median([m[0] for m in floor])
    r["floor_anon"] = median([m[1] for m in floor])

    # Connections listed: a saved tenant the app reopens on start. A small tenant first, so the
    # report can tell what the connections screen costs from what its rows cost.
    def saved_tenant(count, folder):
        """A simulator of `count` connections, saved as the tenant the app reopens on start."""
        sim = Simulator(connections=count)
        tenant_home = home / folder
        run([str(RELEASE / "denylist"), "profile", "add", "bench", "--domain", sim.base, "--client-id",
             CLIENT_ID, "--secret-stdin"], ours_env(tenant_home), input_text=CLIENT_SECRET + "\n")
        profiles = tenant_home / "config" / "deny-list-manager" / "profiles.json"
        data = json.loads(profiles.read_text())
        data["last_profile_id"] = data["profiles"][0]["id"]
        profiles.write_text(json.dumps(data))
        return sim, tenant_home

    def listed_memory(count, label):
        sim, listed_home = saved_tenant(count, f"app-listed-{label}")
        listed, list_times = [], []
        for i in range(runs + 1):
            probe = listed_home / "probe"
            probe.unlink(missing_ok=True)
            t0 = time.time()
            proc = launch(app, app_env(listed_home, extra))
            done = wait_for(probe, "connections-listed", timeout=120)
            time.sleep(SETTLE_S)
            mem = memory_mb(proc.pid)
            stop(proc)
            if i > 0:
                listed.append(mem)
                list_times.append(done - t0)
        sim.stop()
        return listed, list_times

    # Other screens, each after its own start: the editor open (the 10 000-connection tenant), a
    # bulk dry run over 1 000 connections, and History with 5 000 recorded changes.
    def screen_memory(count, label, route, ready, history_entries=0):
        sim, screen_home = saved_tenant(count, f"app-screen-{label}")
        if history_entries:
            write_history(screen_home, sim.base, history_entries)
        measured = []
        i = 0
        while len(measured) < runs:
            probe = screen_home / "probe"
            probe.unlink(missing_ok=True)
            log = screen_home / "app.log"
            proc = launch(app, app_env(screen_home, {**(extra or {}), "DENYLIST_BENCH_ROUTE": route,
                                                     "XDG_DATA_HOME": str(screen_home / "data")}), log)
            try:
                wait_for(probe, ready, timeout=180)
            except SystemExit as never:
                # Said in the report, with the app's output kept, and started again (twice at most).
                stop(proc)
                kept = ROOT / "target" / "bench" / f"never-{label}-{len(r['never_ready'])}.log"
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(log, kept)
                r["never_ready"].append(f"{label} ({kept.relative_to(ROOT)})")
                print(f"   {never}; its output: {kept}")
                if len(r["never_ready"]) > 2:
                    raise
                continue
            i += 1
            time.sleep(SETTLE_S)
            mem = memory_mb(proc.pid)
            stop(proc)
            if i > 1:
                measured.append(mem)
        sim.stop()
        return median([m[0] for m in measured]), median([m[1] for m in measured])

    r["never_ready"] = []
    r["editor_pss"], r["editor_anon"] = screen_memory(n, "editor", "editor", "editor-open")
    r["bulk_pss"], r["bulk_anon"] = screen_memory(1000, "bulk", "bulk-dry-run", "bulk-dry-run")
    r["history_pss"], r["history_anon"] = screen_memory(SMALL_TENANT, "history", "history", "history-shown",
                                                        history_entries=5000)

    small, _ = listed_memory(SMALL_TENANT, "small")
    r["small_pss"] = median([m[0] for m in small])
    r["small_anon"] = median([m[1] for m in small])
    listed, list_times = listed_memory(n, "large")
    r["n"] = n
    r["listed_s"] = median(list_times)
    r["listed_pss"] = median([m[0] for m in listed])
    r["listed_anon"] = median([m[1] for m in listed])
    r["listed_pss_ratio"] = r["listed_pss"] / r["floor_pss"]
    r["listed_anon_ratio"] = r["listed_anon"] / r["floor_anon"]
    results["app"].append(r)
    print(f"   start to the first screen: {r['start_s']:.3f} s (median; all: "
          f"{', '.join(f'{s:.3f}' for s in starts)}); the empty window: {r['floor_start_s']:.3f} s")
    print(f"   starts 0.4 s slower than the quickest: app {r['start_long']}, empty window "
          f"{r['floor_start_long']}; medians of the others {r['start_quick_s']:.3f} / "
          f"{r['floor_start_quick_s']:.3f} s")
    print(f"   memory, PSS / anonymous (MB): welcome {r['welcome_pss']:.0f} / {r['welcome_anon']:.0f}; "
          f"{n} connections listed {r['listed_pss']:.0f} / {r['listed_anon']:.0f} "
          f"(listed in {r['listed_s']:.2f} s from start); empty Tauri window {r['floor_pss']:.0f} / "
          f"{r['floor_anon']:.0f}")
    print(f"   {SMALL_TENANT} connections listed: {r['small_pss']:.0f} / {r['small_anon']:.0f} MB "
          f"({r['small_pss'] / r['floor_pss']:.2f}x the floor's PSS): the screen itself; "
          f"{n} rows add {r['listed_pss'] - r['small_pss']:.0f} MB PSS")
    for key, what in (("editor", f"the editor open ({n} connections listed)"),
                      ("bulk", "a bulk dry run of 1000 connections"),
                      ("history", "History with 5000 changes")):
        print(f"   {what}: {r[key + '_pss']:.0f} / {r[key + '_anon']:.0f} MB "
              f"({r[key + '_pss'] / r['floor_pss']:.2f}x the floor's PSS)")
    print(f"   with {n} connections: {r['listed_pss_ratio']:.2f}x the floor's PSS, "
          f"{r['listed_anon_ratio']:.2f}x its anonymous memory (processes: {', '.join(r['processes'])})")


def sizes(results):
    def mb(p):
        return round(p.stat().st_size / 1e6, 1) if p.exists() else None
    bundle = RELEASE / "bundle"
    pkgs = {p.suffix[1:]: mb(p) for p in sorted(bundle.glob("*/*.deb")) + sorted(bundle.glob("*/*.rpm"))}
    results["sizes"] = {
        "app": mb(RELEASE / "deny-list-manager"), "cli": mb(RELEASE / "denylist"),
        "empty_window": mb(RELEASE / "empty-window"), **pkgs,
    }
    print("\n== Sizes (MB): " + ", ".join(f"{k} {v}" for k, v in results["sizes"].items()))


# ---------------------------------------------------------------- the report


def machine():
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    os_name = re.search(r'PRETTY_NAME="(.*)"', Path("/etc/os-release").read_text())

    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    from importlib.metadata import version
    return {
        "cpu": cpu.group(1) if cpu else "?", "cores": os.cpu_count(),
        "memory_gib": round(int(mem.group(1)) / 1024 / 1024) if mem else "?",
        "os": os_name.group(1) if os_name else platform.platform(),
        "webkitgtk": out(["dpkg-query", "-W", "-f=${Version}", "libwebkit2gtk-4.1-0"]),
        "rustc": out(["rustc", "--version"]), "python": platform.python_version(),
        "auth0_python": version("auth0-python"),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def write_report(results, path):
    machine, listing, change = results["machine"], results.get("listing"), results.get("change")
    bulk, app, sizes = results.get("bulk"), results.get("app"), results["sizes"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `scripts/bench` (do not edit by hand; run it again). Deny List Manager's release",
        "binaries side by side with the official Auth0 Python SDK doing the same work, against the",
        "Auth0 simulator on loopback (`auth0-simulator --connections N`). Medians of "
        f"{results['runs']} runs after one warm-up run.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['os']}; WebKitGTK "
        f"{machine['webkitgtk']}; {machine['rustc']}; Python {machine['python']}, auth0-python {machine['auth0_python']}. "
        f"Run {machine['date']}.",
        "",
    ]
    if listing:
        lines += [
            f"## 1. Listing {listing['n']} connections with their deny-list sizes",
            "",
            "`denylist --domain URL --json connections` against a script that lists with the SDK "
            "(`client.connections.list(include_totals=False, take=100)`) and reads each deny list.",
            "",
            "| | time | list requests | new tokens per run |",
            "|---|---|---|---|",
            f"| denylist (release) | {listing['ours_s']:.3f} s | {listing['ours_requests']} | {listing['ours_tokens']} |",
            f"| auth0-python {machine['auth0_python']} | {listing['sdk_s']:.3f} s ({listing['sdk_in_process_s']:.3f} s after "
            f"start-up and imports) | {listing['sdk_requests']} | {listing['sdk_tokens']} |",
            "",
            f"denylist is **{listing['ratio']:.1f}×** faster than the SDK as a whole process, "
            f"{listing['ratio_in_process']:.1f}× against the SDK's time after its start-up. "
            f"All runs (s): ours {', '.join(f'{t:.3f}' for t in listing['ours_all'])}; SDK "
            f"{', '.join(f'{t:.3f}' for t in listing['sdk_all'])}.",
            "",
        ]
    if change:
        ours, sdk = change["ours"], change["sdk"]
        lines += [
            "## 2. One change, three times in three runs",
            "",
            f"Adding one attribute to `{CHANGE_CONNECTION}` (the demo tenant's SAML connection) in three "
            "separate runs: `denylist --domain URL add ID ATTR --yes` (token kept in the OS keyring), "
            "against a script that does the SDK's get-merge-patch with its typed "
            "`UpdateConnectionOptions`.",
            "",
            "| | Management API calls per change | tokens for the three runs | other options kept byte for byte | display_name kept |",
            "|---|---|---|---|---|",
            f"| denylist | {', '.join(map(str, ours['calls_per_change']))} ({' + '.join(ours['calls'][0])}) | "
            f"{ours['tokens_total']} | {'yes' if ours['options_kept'] else 'no: ' + ', '.join(ours['options_problems'][:6])} | "
            f"{'yes' if ours['display_name_kept'] else 'no'} |",
            f"| auth0-python | {', '.join(map(str, sdk['calls_per_change']))} ({' + '.join(sdk['calls'][0])}) | "
            f"{sdk['tokens_total']} | {'yes' if sdk['options_kept'] else 'no: ' + ', '.join(sdk['options_problems'][:6])} | "
            f"{'yes' if sdk['display_name_kept'] else 'no (reset to the name)'} |",
            "",
        ]
    if bulk:
        ours, sdk = bulk["ours"], bulk["sdk"]
        lines += [
            f"## 3. One attribute added to {bulk['n']} connections under a rate limit",
            "",
            f"The simulator with {bulk['n']} connections and a Management API bucket of {bulk['burst']} "
            f"requests refilled at {bulk['rps']} a second (`--rate-limit {bulk['burst']}/{bulk['rps']}`). "
            "`denylist --json bulk add --all religion --yes` (a read and a write per connection, paced "
            "from `x-ratelimit-*`) against a loop with the SDK: list, then get-merge-patch each "
            "connection, the SDK retrying 429s itself. The bound is two requests per connection at the "
            f"sustained rate: {bulk['bound_s']:.0f} s. One run each.",
            "",
            "| | time | × bound | changed | failed | requests | refused (429) | tokens |",
            "|---|---|---|---|---|---|---|---|",
            f"| denylist | {ours['seconds']:.1f} s | {ours['seconds'] / bulk['bound_s']:.2f} | {ours['changed']} | "
            f"{ours['failed']} | {ours['requests']} | {ours['refused_429']} | {ours['tokens']} |",
            f"| auth0-python | {sdk['seconds']:.1f} s | {sdk['seconds'] / bulk['bound_s']:.2f} | {sdk['changed']} | "
            f"{sdk['failed']} | {sdk['requests']} | {sdk['refused_429']} | {sdk['tokens']} |",
            "",
            f"Connections stored with the attribute afterwards: denylist {ours['stored']}, SDK {sdk['stored']}.",
            "",
        ]
    paced = results.get("paced")
    if paced:
        lines += [
            "## 3b. Pacing at the refill rate, under each published bucket",
            "",
            "Auth0 states the bucket's size and what is left, not the rate it refills at: the client "
            "infers it from `x-ratelimit-*` and spaces requests by it once the bucket runs low (never "
            "faster than seen). `denylist --json bulk add --all religion --yes` against the simulator "
            "with each bucket Auth0 publishes; the bound is two requests per connection at the "
            "sustained rate (a burst lets a run finish under it).",
            "",
            "| bucket | connections | time | bound | × bound | changed | failed | requests | refused (429) |",
            "|---|---|---|---|---|---|---|---|---|",
        ] + [
            f"| {x['burst']} at {x['rps']}/s | {x['n']} | {x['seconds']:.1f} s | {x['bound_s']:.0f} s | "
            f"{x['ratio']:.3f} | {x['changed']} | {x['failed']} | {x['requests']} | {x['refused_429']} |"
            for x in paced
        ] + [""]
    if app:
        lines += [
            "## 4. The desktop app",
            "",
            "Release build under Xvfb. Start: from starting the process to the first screen drawn "
            "and live (the UI reports it once painted; `DENYLIST_STARTUP_PROBE`), with WebKit's "
            f"caches filled by earlier starts: medians of {START_RUNS} starts of each, alternating, after "
            f"{START_WARMUP} warm-up starts and once the machine is idle (the welcome screen's memory is "
            "the median of the same runs). Memory: PSS and anonymous RSS of the app and the "
            f"WebKit processes it starts, {SETTLE_S:.0f} s after the screen is ready, against the "
            "floor: an empty Tauri 2 window (`bench/empty-window`) on the same WebKitGTK, "
            "whose page reports its first paint the same way. WebKitGTK draws in one of two ways, "
            "so both are measured: accelerated compositing (its default; here, with no GPU, through "
            "Mesa's software OpenGL) and compositing off (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, the "
            "usual setting on virtual machines and remote desktops). A tenant of "
            f"{SMALL_TENANT} connections shows what the connections screen itself costs; the larger "
            "one, what its rows add.",
            "",
            "| drawing | | start | PSS | anonymous |",
            "|---|---|---|---|---|",
        ]
        for row in app:
            mode = row["mode"].split(" (")[0]
            lines += [
                f"| {mode} | welcome screen | {row['start_s']:.3f} s | {row['welcome_pss']:.0f} MB | {row['welcome_anon']:.0f} MB |",
                f"| {mode} | {SMALL_TENANT} connections listed | | {row['small_pss']:.0f} MB "
                f"({row['small_pss'] / row['floor_pss']:.2f}× floor) | {row['small_anon']:.0f} MB "
                f"({row['small_anon'] / row['floor_anon']:.2f}× floor) |",
                f"| {mode} | {row['n']} connections listed | {row['listed_s']:.2f} s (listed) | {row['listed_pss']:.0f} MB "
                f"({row['listed_pss_ratio']:.2f}× floor) | {row['listed_anon']:.0f} MB ({row['listed_anon_ratio']:.2f}× floor) |",
                f"| {mode} | the editor open ({row['n']} listed) | | {row['editor_pss']:.0f} MB "
                f"({row['editor_pss'] / row['floor_pss']:.2f}× floor) | {row['editor_anon']:.0f} MB |",
                f"| {mode} | a bulk dry run of 1000 connections | | {row['bulk_pss']:.0f} MB "
                f"({row['bulk_pss'] / row['floor_pss']:.2f}× floor) | {row['bulk_anon']:.0f} MB |",
                f"| {mode} | History with 5000 changes | | {row['history_pss']:.0f} MB "
                f"({row['history_pss'] / row['floor_pss']:.2f}× floor) | {row['history_anon']:.0f} MB |",
                f"| {mode} | empty Tauri 2 window (floor) | {row['floor_start_s']:.3f} s | {row['floor_pss']:.0f} MB | {row['floor_anon']:.0f} MB |",
            ]
        lines += [""] + [
            f"Starts, {row['mode'].split(' (')[0]} (s): the app {', '.join(f'{t:.3f}' for t in row['start_all'])}; "
            f"the empty window {', '.join(f'{t:.3f}' for t in row['floor_start_all'])}."
            for row in app
        ] + [
            f"Starts 0.4 s or more slower than the quickest of their side, {row['mode'].split(' (')[0]}: "
            f"the app {row['start_long']} of {len(row['start_all'])}, the empty window "
            f"{row['floor_start_long']} of {len(row['floor_start_all'])}; medians of the others: the app "
            f"{row['start_quick_s']:.3f} s, the empty window {row['floor_start_quick_s']:.3f} s."
            for row in app
        ] + [
            "With compositing off, WebKitGTK's first draw of a page that has not painted yet waits up to "
            "500 ms for the web process, which may itself be waiting on the app: such a start comes "
            "half a second late. The app shows its window once the page has loaded and so avoids it "
            "(`src-tauri/src/painting.rs`); the empty window, as any Tauri window, does not.",
        ] + [
            f"A screen that never said it was ready within 180 s ({row['mode'].split(' (')[0]}), "
            f"started again: {', '.join(row['never_ready'])}."
            for row in app if row.get("never_ready")
        ] + ["", f"Processes measured: {', '.join(app[0]['processes'])}.", ""]
    lines += [
        "## Sizes",
        "",
        "| release app | denylist | empty Tauri window | .deb | .rpm |",
        "|---|---|---|---|---|",
        f"| {sizes['app']} MB | {sizes['cli']} MB | {sizes['empty_window']} MB | "
        f"{sizes.get('deb') or 'not built'}{' MB' if sizes.get('deb') else ''} | "
        f"{sizes.get('rpm') or 'not built'}{' MB' if sizes.get('rpm') else ''} |",
        "",
        "Packages come from `scripts/package`; `scripts/bench` reports them when they exist.",
        "",
        "## Commands",
        "",
        "```sh",
        "scripts/bench            # everything (about 14 minutes once built; 3 more for each screen started again)",
        "scripts/bench --no-app   # the command line and the SDK only",
        "scripts/bench --no-bulk  # without the bulk runs (about 8 minutes)",
        "```",
        "",
    ]
    path.write_text("\n".join(lines))
    print(f"\nWritten: {path}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "sdk-list":
        return sdk_list(sys.argv[2])
    if len(sys.argv) > 1 and sys.argv[1] == "sdk-change":
        return sdk_change(*sys.argv[2:5])
    if len(sys.argv) > 1 and sys.argv[1] == "sdk-bulk":
        return sdk_bulk(*sys.argv[2:4])
    import argparse
    ap = argparse.ArgumentParser(description="Deny List Manager against the Auth0 Python SDK")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--connections", type=int, default=10_000)
    ap.add_argument("--no-app", action="store_true", help="skip the desktop app")
    ap.add_argument("--no-bulk", action="store_true", help="skip the bulk runs (about 6 minutes)")
    ap.add_argument("--report", default=str(ROOT / "docs" / "benchmarks.md"))
    a = ap.parse_args()
    results = {"runs": a.runs, "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="denylist-bench-") as tmp:
        home = Path(tmp)
        bench_listing(a.runs, a.connections, home, results)
        bench_change(home, results)
        if not a.no_bulk:
            bench_bulk(home, results)
            bench_paced(home, results)
        if not a.no_app:
            for mode, extra in MODES:
                bench_app(a.runs, a.connections, home, results, mode, extra)
        sizes(results)
    (ROOT / "target" / "bench").mkdir(parents=True, exist_ok=True)
    (ROOT / "target" / "bench" / "results.json").write_text(json.dumps(results, indent=2))
    write_report(results, Path(a.report))


if __name__ == "__main__":
    main()
