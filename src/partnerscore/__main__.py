from partnerscore.cli import run

run()
