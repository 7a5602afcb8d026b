# UMR: thin aliases over Maven and the scripts. `make help` lists them.
MVN ?= mvn -B
JAR := target/quarkus-app/quarkus-run.jar
SOURCES := pom.xml $(shell find src/main fhir-profiles -type f 2>/dev/null)
TOOLS_JAR := tools/target/umr-tools.jar
TOOLS_SOURCES := tools/pom.xml $(shell find tools/src/main -type f 2>/dev/null)
JAVA_OPTS ?= -Xmx1g

.PHONY: help run test browser example build clean dmd-import replay generate kafka kafka-stop bench token

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: $(JAR) ## start UMR on :8080 (embedded PostgreSQL under ./data unless QUARKUS_DATASOURCE_JDBC_URL or UMR_DATABASE_URL is set)
	java $(JAVA_OPTS) -jar $(JAR)

test: browser ## every test (the tools' too), on a real embedded PostgreSQL and Kafka broker the build starts itself; then the tools jar; the clinician view runs in headless Chromium (installed first when missing)
	$(MVN) verify
	$(MVN) -q -f tools/pom.xml package -DskipTests

browser: ## install Debian's chromium and chromium-driver for the browser tests when missing (apt-get, as root; CI is root)
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium and chromium-driver for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "the browser tests need Debian's chromium and chromium-driver: sudo apt-get install -y chromium chromium-driver"; exit 1; fi

example: $(TOOLS_JAR) $(JAR) ## load the example patient (docs/example: GP, mental health, hospital) into a running UMR and print a signed-in link to their record
	@export UMR_TOKEN="$(if $(TOKEN),$(TOKEN),$$(java -jar $(JAR) token))"; set -e; \
	for f in gp mental-health hospital; do \
	  java -jar $(TOOLS_JAR) replay --file docs/example/$$f.ndjson --url "$(or $(URL),http://localhost:8080)" \
	    --register-sources docs/example/sources.json; done
	@echo; echo "Open (the token after # signs you in; it never reaches the server in the address):"; \
	echo "$(or $(URL),http://localhost:8080)/patients/9449306680#access_token=$$(java -jar $(JAR) token --client umr-web --user example.clinician --scopes 'user/*.read user/DetectedIssue.write' --ttl 28800)"

build: $(JAR) $(TOOLS_JAR) ## package the service and the tools jar without running the tests

dmd-import: $(JAR) ## load a dm+d release into the embedded database: make dmd-import DMD=path/to/release(.zip) (service stopped)
	@test -n "$(DMD)" || { echo "usage: make dmd-import DMD=path/to/release-folder-or-zip"; exit 2; }
	java $(JAVA_OPTS) -jar $(JAR) dmd-import "$(abspath $(DMD))"

replay: $(TOOLS_JAR) $(JAR) ## send a recorded NDJSON stream to a running UMR: make replay FILE=x.ndjson [SOURCE=id] [URL=http://localhost:8080] [REGISTER=sources.json] [TOKEN=...]
	@test -n "$(FILE)" || { echo "usage: make replay FILE=path.ndjson [SOURCE=id] [URL=http://localhost:8080] [REGISTER=sources.json] [TOKEN=...]"; exit 2; }
	@UMR_TOKEN="$(if $(TOKEN),$(TOKEN),$$(java -jar $(JAR) token))" java -jar $(TOOLS_JAR) replay --file "$(abspath $(FILE))" --url "$(or $(URL),http://localhost:8080)" \
	  $(if $(SOURCE),--source "$(SOURCE)") $(if $(REGISTER),--register-sources "$(abspath $(REGISTER))")

generate: $(TOOLS_JAR) ## write a synthetic population as NDJSON: make generate [PATIENTS=1000] [SEED=1] [OUT=target/population]
	java -jar $(TOOLS_JAR) generate --patients $(or $(PATIENTS),1000) --seed $(or $(SEED),1) --out "$(or $(OUT),target/population)"

token: ## print one bearer token of the local issuer, nothing else: make token [CLIENT=id] [SCOPES="..."] [PATIENT=nhs] [TTL=seconds] (none: all-powerful admin)
	@$(MAKE) --no-print-directory -s $(JAR) >&2
	@java -jar $(JAR) token $(if $(CLIENT),--client "$(CLIENT)") $(if $(SCOPES),--scopes "$(SCOPES)") \
	  $(if $(PATIENT),--patient "$(PATIENT)") $(if $(TTL),--ttl "$(TTL)")

kafka: ## start a local Kafka broker (KRaft, from Maven Central jars) on localhost:9092 in the background; data under ./data/kafka
	deploy/kafka/kafka.sh start

kafka-stop: ## stop the broker `make kafka` started
	deploy/kafka/kafka.sh stop

bench: ## the benchmark (about 57 min on 2 cores, build and JMH included; JMH=0 saves ~9, REBUILD_SCALE=0 ~28: the rebuild at 1M patients, twice; READ_FLOOR=0 ~3, WARMUP_MAX_SECONDS=0 ~3): make bench [PATIENTS=10000]; prints the table, writes bench/results/*.json
	PATIENTS=$(PATIENTS) bench/run.sh

$(JAR): $(SOURCES)
	$(MVN) -q package -DskipTests

$(TOOLS_JAR): $(TOOLS_SOURCES)
	$(MVN) -q -f tools/pom.xml package -DskipTests

clean: ## remove build output (not ./data)
	$(MVN) -q clean
	$(MVN) -q -f tools/pom.xml clean
