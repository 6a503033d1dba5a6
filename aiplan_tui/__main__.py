from aiplan_tui.cli import main

raise SystemExit(main())
