from drawcloser.cli import main

main()
