#!/bin/bash
# polish.sh on a 200x60 screen.
POLISH_SIZE=200x60 exec "$TESTS_DIR/tui/polish.sh"
