# Workflow orchestrator: the commands a newcomer needs. See README.md.
JAR := target/workflow-orchestrator.jar
JAVA ?= java
MVN ?= mvn
DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/workflow_orchestrator
REDIS_URL_DEFAULT := redis://127.0.0.1:6379/0
# The bench harness is a load generator sharing the cores with what it measures: C1 only, so that its
# own JIT compilation does not take CPU from the coordinator (docs/performance.md, "Method").
BENCH_HARNESS_JVM ?= -XX:TieredStopAtLevel=1 -XX:+UseSerialGC

.PHONY: build run test demo db-init db-demo docker-up docker-db-only docker-down compose-check bench bench-quick bench-ab bench-sql chaos chaos-short clean

build: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -B -q -DskipTests package

## run: the coordinator on :8000, in memory, with 4 local workers
run: $(JAR)
	$(JAVA) -jar $(JAR) coordinator --local-workers 4

## test: unit and integration tests (needs PostgreSQL and Redis on 127.0.0.1, see README)
test:
	$(MVN) -B verify

## demo: starts an in-memory coordinator with 4 workers, submits examples/etl.json, follows it live
## (to use a coordinator already running on :8000: java -jar target/workflow-orchestrator.jar demo)
demo: $(JAR)
	$(JAVA) -jar $(JAR) demo --embedded

## db-init: create or upgrade the schema of $(DATABASE_URL)
db-init: $(JAR)
	DATABASE_URL=$(DATABASE_URL) $(JAVA) -jar $(JAR) migrate --create-database

clean:
	$(MVN) -B -q clean

## db-demo: the demo against PostgreSQL ($(DATABASE_URL)) and Redis when REDIS_URL is set, with audit trail and analytics
db-demo: $(JAR)
	DATABASE_URL=$(DATABASE_URL) $(JAVA) -jar $(JAR) migrate --create-database
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(JAVA) -jar $(JAR) demo --embedded --audit

## docker-up: PostgreSQL, Redis, the schema, two coordinators and four workers (docker-compose.yml)
DOCKER_COMPOSE ?= docker-compose
docker-up:
	$(DOCKER_COMPOSE) up --build -d
	@echo "coordinator-1: http://localhost:8000  (health: /health, metrics: /metrics)"
	@echo "coordinator-2: http://localhost:8001"
	@echo "PostgreSQL:    postgresql+psycopg://workflow:workflow_dev@localhost:5432/workflow_orchestrator"
	@echo "Redis:         redis://localhost:6379/0"
	@echo "logs: $(DOCKER_COMPOSE) logs -f    stop: make docker-down"

## docker-db-only: only PostgreSQL (5432) and Redis (6379), for a coordinator run from the jar
docker-db-only:
	$(DOCKER_COMPOSE) up -d postgres redis
	@echo "export DATABASE_URL=postgresql+psycopg://workflow:workflow_dev@localhost:5432/workflow_orchestrator"
	@echo "export REDIS_URL=redis://localhost:6379/0"

## docker-down: stops and removes the containers (the data volumes stay; add -v to drop them)
docker-down:
	$(DOCKER_COMPOSE) down

## compose-check: validates docker-compose.yml (needs docker-compose, not a Docker engine)
compose-check:
	$(DOCKER_COMPOSE) config -q

## bench: W1/W2/W3 + RSS/CPU, memory and durable modes, 3 runs each, plus a JFR profile of W1 (~10 min, at most 25).
## Durable mode uses BENCH_DATABASE_URL / BENCH_REDIS_URL (default: local servers, own database and db).
## Writes bench/results/<time>-*.json and bench/results/latest.json; see docs/performance.md.
bench: $(JAR)
	$(JAVA) $(BENCH_HARNESS_JVM) -jar $(JAR) bench --runs 3 --profile

## bench-quick: each workload once in each mode (a few minutes)
bench-quick: $(JAR)
	$(JAVA) $(BENCH_HARNESS_JVM) -jar $(JAR) bench --quick

## bench-ab: an interleaved comparison (A-B, then B-A, RUNS times): this checkout's jar is A, B is the
## jar AGAINST=path and/or the coordinator JVM options AGAINST_JVM="..."; BENCH_ARGS narrows it
## (e.g. --modes memory --workloads w1_flat). Prints both side by side; writes no latest.json.
RUNS ?= 3
bench-ab: $(JAR)
	@test -n "$(AGAINST)$(AGAINST_JVM)" || { echo "bench-ab: set AGAINST=other.jar and/or AGAINST_JVM=\"...\"" >&2; exit 2; }
	$(JAVA) $(BENCH_HARNESS_JVM) -jar $(JAR) bench --runs $(RUNS) $(if $(AGAINST),--against $(AGAINST)) \
	  $(if $(AGAINST_JVM),--against-jvm "$(AGAINST_JVM)") $(BENCH_ARGS)

## bench-sql: what each SQL statement costs PostgreSQL in one durable run of WORKLOAD (default w1_flat):
## a private PostgreSQL with pg_stat_statements on a free loopback port, stopped and deleted afterwards
WORKLOAD ?= w1_flat
bench-sql: $(JAR)
	JAR=$(JAR) JAVA=$(JAVA) BENCH_HARNESS_JVM="$(BENCH_HARNESS_JVM)" bash bench/sql-costs.sh $(WORKLOAD)

## chaos: 3 coordinators + 6 worker processes over PostgreSQL and Redis on loopback, 500 workflows,
## 11 faults (kill -9, SIGSTOP past the lease, FLUSHDB, pg_terminate_backend), then consistency checks (<= 5 min)
chaos: $(JAR)
	$(JAVA) -jar $(JAR) chaos

## chaos-short: the CI form: 100 workflows, one fault of each kind (about 1 minute)
chaos-short: $(JAR)
	$(JAVA) -jar $(JAR) chaos --short
