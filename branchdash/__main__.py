from branchdash.cli import main

raise SystemExit(main())
