#!/bin/bash
# rewind-date.sh by a kticker given --broker to another kticker's embedded cluster (its index).
REWIND_ON=second exec bash "$TESTS_DIR/integration/rewind-date.sh"
