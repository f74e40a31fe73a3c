#!/bin/bash
# group-split.sh against the real Apache Kafka broker.
GROUP_SPLIT_ON=real exec bash "$TESTS_DIR/integration/group-split.sh"
