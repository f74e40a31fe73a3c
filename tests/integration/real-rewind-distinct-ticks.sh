#!/bin/bash
# rewind-distinct-ticks.sh against the real Apache Kafka broker (offsets-for-times).
REWIND_ON=real exec bash "$TESTS_DIR/integration/rewind-distinct-ticks.sh"
