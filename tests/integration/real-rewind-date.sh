#!/bin/bash
# rewind-date.sh against the real Apache Kafka broker (offsets-for-times).
REWIND_ON=real exec bash "$TESTS_DIR/integration/rewind-date.sh"
