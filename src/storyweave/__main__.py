import sys

from storyweave.cli import main

sys.exit(main())
