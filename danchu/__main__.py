from danchu.cli import main

main()
