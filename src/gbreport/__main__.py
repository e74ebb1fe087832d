from gbreport.cli import main

raise SystemExit(main())
