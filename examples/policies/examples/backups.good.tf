variable "retention" {
  type = number
}

resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 14
}

# Unknown retention (no default): never a finding by itself.
resource "aws_db_instance" "other" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = var.retention
}
