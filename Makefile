# Workflow orchestrator: the commands a newcomer needs. See README.md.
JAR := target/workflow-orchestrator.jar
JAVA ?= java
MVN ?= mvn
DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/workflow_orchestrator
REDIS_URL_DEFAULT := redis://127.0.0.1:6379/0

.PHONY: build run test demo db-init db-demo docker-up docker-db-only bench bench-quick chaos clean

build: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -B -q -DskipTests package

## run: the coordinator on :8000, in memory, with 4 local workers
run: $(JAR)
	$(JAVA) -jar $(JAR) coordinator --local-workers 4

## test: unit and integration tests (needs PostgreSQL and Redis on 127.0.0.1, see README)
test:
	$(MVN) -B verify

## demo: submits examples/etl.json to a coordinator on :8000 and follows it
demo: $(JAR)
	$(JAVA) -jar $(JAR) demo

## db-init: create or upgrade the schema of $(DATABASE_URL)
db-init: $(JAR)
	DATABASE_URL=$(DATABASE_URL) $(JAVA) -jar $(JAR) migrate --create-database

clean:
	$(MVN) -B -q clean

## bench: W1/W2/W3 + RSS/CPU, memory and durable modes, 3 runs each, plus a JFR profile of W1 (< 20 min).
## Durable mode uses BENCH_DATABASE_URL / BENCH_REDIS_URL (default: local servers, own database and db).
## Writes bench/results/<time>-*.json and bench/results/latest.json; see docs/performance.md.
bench: $(JAR)
	$(JAVA) -jar $(JAR) bench --runs 3 --profile

## bench-quick: each workload once in each mode (a few minutes)
bench-quick: $(JAR)
	$(JAVA) -jar $(JAR) bench --quick
