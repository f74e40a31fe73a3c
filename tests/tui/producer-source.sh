#!/bin/bash
# The Producer line shows the codec the producer client really uses and where its linger came
# from: a config file's compression.type and linger.ms; -X's over the file's (compression.codec
# and compression.type are one property to librdkafka); z cycles on from the codec shown. The
# header's acks and idempotence are the client's as well.
. "$TESTS_DIR/lib.sh"
conf="$WORK/kticker.conf"
printf '%s\n' compression.type=zstd linger.ms=50 >"$conf"

tui_start 160x40 -F "$conf" --delay 100 --data "$DATA_DIR/IBM.csv"
tui_wait '^ Producer .* zstd .*linger 50 ms \(file\)' 20
tui_keys z
tui_wait 'compression=none: rebuilding the producer' 5
tui_wait '^ Producer .* none .*linger 50 ms \(file\)' 10
tui_keys q
tui_wait '^EXIT=0' 30

tui_start 160x40 -F "$conf" -X compression.codec=lz4 -X linger.ms=20 --delay 100 --data "$DATA_DIR/IBM.csv"
tui_wait '^ Producer .* lz4 .*linger 20 ms \(-X\)' 20
tui_keys q
tui_wait '^EXIT=0' 30

# the header's acks and idempotence are the client's too: -X over kticker's defaults
tui_start 160x40 -X acks=1 -X enable.idempotence=false --delay 100 --data "$DATA_DIR/IBM.csv"
tui_wait 'acks=1 +idempotence off' 20
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui producer-source: ok"
