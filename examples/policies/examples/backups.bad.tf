variable "retention" {
  default = 1
}

resource "aws_db_instance" "main" { #!
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = var.retention
}
