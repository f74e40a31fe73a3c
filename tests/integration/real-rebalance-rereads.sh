#!/bin/bash
# rebalance-rereads.sh against the real Apache Kafka broker.
REREADS_ON=real exec bash "$TESTS_DIR/integration/rebalance-rereads.sh"
