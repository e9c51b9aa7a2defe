from floor.cli import main

main()
