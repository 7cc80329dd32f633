# Kept apart from the templates: Debian's packer 1.6.6 rejects required_plugins, so the tests validate the
# rest without this file (tests/infra/packer). Packer >= 1.7 reads it and `packer init .` installs the plugins.
packer {
  required_version = ">= 1.7.0"
  required_plugins {
    amazon = {
      version = ">= 1.3.0"
      source  = "github.com/hashicorp/amazon"
    }
    googlecompute = {
      version = ">= 1.1.0"
      source  = "github.com/hashicorp/googlecompute"
    }
  }
}
