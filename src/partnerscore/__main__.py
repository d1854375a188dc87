from partnerscore.cli import main

main()
