variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type = string
}

variable "allow_from_anywhere" {
  type    = bool
  default = false
}
