from storyweave.cli import run

run()
