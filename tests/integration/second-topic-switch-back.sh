#!/bin/bash
# topic-switch-back.sh by a kticker given --broker to another kticker's embedded cluster.
SWITCH_ON=second exec bash "$TESTS_DIR/integration/topic-switch-back.sh"
