"""`python -m sdm_tui.cli ...`: the same as the `sdm-tui` script."""

import sys

from sdm_tui.cli import main

sys.exit(main())
