from aiplan_tui.launch import main

raise SystemExit(main())
