terraform {
  required_version = ">= 1.11.0" # write-only arguments (the database password)

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.30, < 7.0"
    }
  }
}
