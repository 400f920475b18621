"""The `sigap` command: `sigap screen IN -o OUT` screens job posts in bulk (docs/screening.md)."""

import sys

USAGE = "usage: sigap screen IN.jsonl|IN.csv -o OUT.jsonl|OUT.csv  (sigap screen --help)"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if args else 2
    if args[0] == "screen":
        from sigap.screening.cli import main as screen_main

        return screen_main(args[1:])
    print(f"sigap: unknown command {args[0]!r}\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
