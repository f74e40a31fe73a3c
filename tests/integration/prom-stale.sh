#!/bin/bash
# --prom while every broker of the embedded cluster is down: the lag and the offsets are old
# readings (the screen marks them ~), and a scrape takes what the file has as now. So the
# file leaves them out (no kafka_consumergroup_group_lag, no latest or earliest offset, no
# group total) and says why: kticker_partition_stale 1 for every partition, health 8 (NO
# BROKER); kcat -L gets no answer from the cluster meanwhile. Before, with the brokers up,
# every partition's lag is there, none stale.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
printf '%s\n' '+6 broker-down 1' '+6 broker-down 2' '+6 broker-down 3' >"$WORK/down.txt"
headless_start --delay 100 --data "$DATA_DIR" --from 2017-05-01 --scenario "$WORK/down.txt" \
	--prom "$WORK/k.prom" --duration 60
# samples NAME: the file's samples of NAME, as "LABELS VALUE"
samples() { sed -nE "s/^$1\{([^}]*)\} (.*)/\1 \2/p" "$WORK/k.prom" 2>/dev/null; }

deadline=$((SECONDS + 20))
until (($(samples kafka_consumergroup_group_lag | wc -l) == 6)); do
	((SECONDS < deadline)) || fail "no lag for the 6 partitions in the file: $(cat "$WORK/k.prom")"
	sleep 0.5
done
samples kticker_partition_stale | awk '$NF != 0 { bad = 1 } END { exit bad }' ||
	fail "partitions marked stale with every broker up: $(samples kticker_partition_stale)"

wait_for_line "$WORK/err" 'broker 3 is down' 30
timeout 10 kcat -L -b "$bootstrap" -m 3 >"$WORK/kcat" 2>&1 &&
	fail "kcat -L got an answer with every broker down: $(head -3 "$WORK/kcat")"
sleep 5 # the readings are old after 3 s; the file is written each second
for name in kafka_consumergroup_group_lag kafka_partition_latest_offset kafka_partition_earliest_offset \
	kafka_consumergroup_group_sum_lag kafka_consumergroup_group_max_lag; do
	[[ -z "$(samples "$name")" ]] || fail "$name written from old readings: $(samples "$name" | head -3)"
done
[[ "$(samples kticker_partition_stale | awk '$NF == 1' | wc -l)" == 6 ]] ||
	fail "not every partition marked stale: $(samples kticker_partition_stale)"
[[ "$(samples kticker_health_status)" == 'group="kticker" 8' ]] || fail "health is not NO BROKER: $(grep health "$WORK/k.prom")"
echo "prom-stale: ok"
