"""`python -m coach`."""

from coach.entry import main

raise SystemExit(main())
