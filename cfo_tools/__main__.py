from cfo_tools.cli.main import main

main()
