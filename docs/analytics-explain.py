#!/usr/bin/env python3
"""Runs EXPLAIN (ANALYZE, BUFFERS) for each query exactly as the Pg* classes send it (PREPARE + EXECUTE,
like the pg client's named statements), data-changing ones inside a rolled-back savepoint.
Run from the repository root after `mvn -B -o -q -DskipTests package` (it reads the SQL constants from
target/classes by reflection, so what is explained is what the code sends):
  python3 docs/analytics-explain.py DB OUTDIR [generic] [--only=REGEX]
-> OUTDIR/plans.txt (text plans) and OUTDIR/summary.tsv (median of 3 warm runs).
"generic" sets plan_cache_mode = force_generic_plan: the plan a cached prepared statement gets
after its 5th execution (the pg client caches prepared statements)."""
import json, os, re, subprocess, sys, tempfile

DUMP_SQL = """import java.lang.reflect.*;
public class DumpSql {
  public static void main(String[] args) throws Exception {
    for (String name : args) {
      Class<?> c = Class.forName(name);
      for (Field f : c.getDeclaredFields()) {
        if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          System.out.println(c.getSimpleName() + "." + f.getName() + "\t" + f.get(null));
        }
      }
    }
  }
}
"""

DB, OUT = sys.argv[1], sys.argv[2]
GENERIC = "generic" in sys.argv[3:]
ONLY = next((a[7:] for a in sys.argv[3:] if a.startswith("--only=")), None)
RUNS = 3
os.makedirs(OUT, exist_ok=True)
SQL = {}
with tempfile.TemporaryDirectory() as tmp:
    with open(f"{tmp}/DumpSql.java", "w") as f:
        f.write(DUMP_SQL)
    dump = subprocess.run(["java", "-cp", "target/classes", f"{tmp}/DumpSql.java"] + [
        "io.orchestrator.postgres." + c for c in ("PgAnalytics", "PgStart", "PgReport", "WorkflowFinish", "PgCommands",
                                                  "PgQueries", "Rows", "AuditRows")],
        capture_output=True, text=True, check=True).stdout
for line in dump.splitlines():
    k, v = line.split("\t", 1)
    SQL[k] = v
R = SQL["Rows.WORKFLOW_COLUMNS"]; J = SQL["Rows.JOB_COLUMNS"]; E = SQL["Rows.EVENT_COLUMNS"]
QJ = SQL["PgQueries.QUEUED_JOB_COLUMNS"]; RC = SQL["PgQueries.RUNNING_COLUMNS"]


def psql(script):
    p = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-X", "-q", "-A", "-t",
                        "-v", "ON_ERROR_STOP=1"], input=script, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(p.stderr + "\n" + script[:2000])
    return p.stdout


def one(sql):
    return psql(sql).strip()

# The reference "now" is the seed's: the newest attempt start (so the data does not age between runs).
NOW = one("SELECT to_char((max(assigned_at) + interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM job_assignments")
ts = lambda expr: one(f"SELECT to_char(('{NOW}'::timestamptz - interval '{expr}') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
SINCE_24H, SINCE_7D, HOUR_AGO = ts("24 hours"), ts("7 days"), ts("60 minutes")
arr = lambda sql: "{" + one(f"SELECT string_agg(x::text, ',') FROM ({sql}) s(x)") + "}"
QUEUED_IDS = arr("SELECT id FROM jobs WHERE state = 'QUEUED' ORDER BY random() LIMIT 20")
RUN = one("SELECT string_agg(id::text, ',') || '|' || string_agg(attempt::text, ',') || '|' || string_agg(worker_id, ',')"
          " FROM (SELECT id, attempt, worker_id FROM jobs WHERE state = 'RUNNING' ORDER BY random() LIMIT 20) s").split("|")
RUN_IDS, RUN_ATT, RUN_WK = ("{" + x + "}" for x in RUN)
RUN_WFS = arr("SELECT DISTINCT workflow_id FROM jobs WHERE id = ANY('%s'::uuid[])" % RUN_IDS)
WF = one("SELECT id FROM workflows WHERE state = 'SUCCEEDED' ORDER BY random() LIMIT 1")
CURSOR_SUCC = one("SELECT id FROM workflows WHERE state = 'SUCCEEDED' ORDER BY id DESC OFFSET 5000 LIMIT 1")
CURSOR_ANY = one("SELECT id FROM workflows ORDER BY id DESC OFFSET 5000 LIMIT 1")
WORKER = one("SELECT worker_id FROM jobs WHERE state = 'RUNNING' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
n = 20
rep = lambda v: "{" + ",".join([v] * n) + "}"
ids20 = RUN_IDS

Q = [  # (name, sql, param types, args, changes data)
    ("analytics.workflows 24h", SQL["PgAnalytics.WORKFLOWS"], "timestamptz", f"'{SINCE_24H}'", False),
    ("analytics.workflows 7d", SQL["PgAnalytics.WORKFLOWS"], "timestamptz", f"'{SINCE_7D}'", False),
    ("analytics.jobs 24h", SQL["PgAnalytics.JOBS"], "timestamptz", f"'{SINCE_24H}'", False),
    ("analytics.jobs 7d", SQL["PgAnalytics.JOBS"], "timestamptz", f"'{SINCE_7D}'", False),
    ("analytics.durations 24h", SQL["PgAnalytics.DURATIONS"], "timestamptz", f"'{SINCE_24H}'", False),
    ("analytics.durations 7d", SQL["PgAnalytics.DURATIONS"], "timestamptz", f"'{SINCE_7D}'", False),
    ("analytics.queue_wait 24h", SQL["PgAnalytics.QUEUE_WAIT"], "timestamptz", f"'{SINCE_24H}'", False),
    ("analytics.queue_wait 7d", SQL["PgAnalytics.QUEUE_WAIT"], "timestamptz", f"'{SINCE_7D}'", False),
    ("analytics.throughput (last 60 min)", SQL["PgAnalytics.THROUGHPUT"], "timestamptz", f"'{HOUR_AGO}'", False),
    ("analytics.failing 24h", SQL["PgAnalytics.FAILING"], "timestamptz", f"'{SINCE_24H}'", False),
    ("analytics.failing 7d", SQL["PgAnalytics.FAILING"], "timestamptz", f"'{SINCE_7D}'", False),
    ("analytics.workers 24h", SQL["PgAnalytics.WORKERS"], "timestamptz, timestamptz", f"'{SINCE_24H}', '{NOW}'", False),
    ("analytics.workers 7d", SQL["PgAnalytics.WORKERS"], "timestamptz, timestamptz", f"'{SINCE_7D}', '{NOW}'", False),
    ("start (20 queued jobs)", SQL["PgStart.START"], "uuid[], text[], timestamptz, text",
     f"'{QUEUED_IDS}', '{rep('worker-01')}', '{NOW}', 'coord-1'", True),
    ("report: lock workflows", SQL["PgReport.LOCK_WORKFLOWS"], "uuid[]", f"'{ids20}'", True),
    ("report: read jobs", SQL["PgReport.READ_JOBS"], "uuid[]", f"'{ids20}'", False),
    ("report: fenced job update", SQL["PgReport.UPDATE_JOBS"],
     "uuid[], int4[], text[], text[], text[], text[], timestamptz[], timestamptz[], timestamptz[]",
     f"'{ids20}', '{RUN_ATT}', '{RUN_WK}', '{rep('SUCCEEDED')}', '{rep(chr(34) + '{}' + chr(34))}', '{rep('NULL')}',"
     f" '{rep(NOW)}', '{rep('NULL')}', '{rep('NULL')}'", True),
    ("report: attempt outcomes", SQL["PgReport.UPDATE_ATTEMPTS"], "timestamptz, uuid[], int4[], text[], text[]",
     f"'{NOW}', '{ids20}', '{RUN_ATT}', '{rep('SUCCEEDED')}', '{rep('NULL')}'", True),
    ("report: decrement dependants", SQL["PgReport.DECREMENT_DEPENDANTS"], "uuid[]", f"'{ids20}'", True),
    ("report: finish check (counts)", SQL["WorkflowFinish.COUNTS"], "uuid[]", f"'{RUN_WFS}'", False),
    ("report: workflow jobs (skip)", SQL["PgReport.WORKFLOW_JOBS"], "uuid[]", f"'{RUN_WFS}'", False),
    ("releaseDueRetries", SQL["PgCommands.RELEASE_DUE"], "timestamptz, timestamptz, text",
     f"'{NOW}'::timestamptz + interval '1 minute', '{NOW}', 'coord-1'", True),
    ("workflow(id)", f"SELECT {R} FROM workflows w WHERE w.id = $1", "uuid", f"'{WF}'", False),
    ("workflow(id): its jobs", f"SELECT {J} FROM jobs j WHERE j.workflow_id = $1 ORDER BY j.position", "uuid", f"'{WF}'", False),
    ("list workflows, first page", f"SELECT {R} FROM workflows w ORDER BY w.id DESC LIMIT $1", "int4", "51", False),
    ("list workflows, cursor", f"SELECT {R} FROM workflows w WHERE w.id < $1 ORDER BY w.id DESC LIMIT $2", "uuid, int4",
     f"'{CURSOR_ANY}', 51", False),
    ("list workflows SUCCEEDED, cursor",
     f"SELECT {R} FROM workflows w WHERE w.state = $1 AND w.id < $2 ORDER BY w.id DESC LIMIT $3", "text, uuid, int4",
     f"'SUCCEEDED', '{CURSOR_SUCC}', 51", False),
    ("list workflows RUNNING", f"SELECT {R} FROM workflows w WHERE w.state = $1 ORDER BY w.id DESC LIMIT $2",
     "text, int4", "'RUNNING', 51", False),
    ("events of one workflow", f"SELECT {E} FROM workflow_events WHERE workflow_id = $1 ORDER BY seq", "uuid", f"'{WF}'", False),
    ("runningOn(worker)", f"SELECT {RC} FROM jobs j WHERE j.state = 'RUNNING' AND j.worker_id = $1 ORDER BY j.id", "text",
     f"'{WORKER}'", False),
    ("overdue(now, 100)", f"SELECT {RC} FROM jobs j WHERE j.state = 'RUNNING' AND j.deadline < $1 ORDER BY j.deadline LIMIT $2",
     "timestamptz, int4", f"'{NOW}', 100", False),
    ("queued(500)", f"SELECT {QJ} FROM jobs j JOIN workflows w ON w.id = j.workflow_id WHERE j.state = 'QUEUED' ORDER BY j.id LIMIT $1",
     "int4", "500", False),
]


def walk(node, acc):
    t = node["Node Type"]
    rel = node.get("Relation Name")
    if "Scan" in t and rel:
        acc.append(f"{t} {node.get('Index Name', rel)}" + (f" on {rel}" if node.get("Index Name") else ""))
    elif t == "Bitmap Index Scan":
        acc.append(f"{t} {node['Index Name']}")
    for c in node.get("Plans", []):
        walk(c, acc)


def explain_script(sql, types, args, changes, fmt):
    body = (f"EXPLAIN (ANALYZE, BUFFERS{', FORMAT JSON' if fmt == 'json' else ''}) EXECUTE q({args});")
    if changes:
        body = f"SAVEPOINT s;\n{body}\nROLLBACK TO SAVEPOINT s;"
    mode = "SET plan_cache_mode = force_generic_plan;\n" if GENERIC else ""
    return f"BEGIN;\n{mode}PREPARE q({types}) AS {sql};\n{body}\nROLLBACK;\n"


plans, rows = [], []
for name, sql, types, args, changes in Q:
    if ONLY and not re.search(ONLY, name):
        continue
    psql(explain_script(sql, types, args, changes, "json"))  # warm the cache
    runs = sorted((json.loads(psql(explain_script(sql, types, args, changes, "json")))[0] for _ in range(RUNS)),
                  key=lambda j: j["Execution Time"])
    js = runs[len(runs) // 2]  # the median run
    text = psql(explain_script(sql, types, args, changes, "text"))
    scans = []
    walk(js["Plan"], scans)
    top = js["Plan"]
    buf = sum(top.get(k, 0) for k in ("Shared Hit Blocks", "Shared Read Blocks"))
    rows.append([name, "; ".join(dict.fromkeys(scans)), str(top.get("Actual Rows")), str(buf),
                 f"{js['Planning Time']:.2f}", f"{js['Execution Time']:.2f}"])
    plans.append(f"### {name}\n\n{sql}\n-- args: {args}\n\n{text}")
    print("\t".join(rows[-1]), flush=True)

with open(f"{OUT}/plans.txt", "w") as f:
    f.write(f"-- now = {NOW}; since 24h = {SINCE_24H}; since 7d = {SINCE_7D}; generic plans = {GENERIC}\n\n")
    f.write("\n".join(plans))
with open(f"{OUT}/summary.tsv", "w") as f:
    f.write("query\tscans\trows\tbuffers\tplanning ms\texecution ms\n")
    f.write("\n".join("\t".join(r) for r in rows) + "\n")
