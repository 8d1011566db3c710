variable "name" {
  type = string
}

variable "security_group_ids" {
  type = list(string)
}

variable "public" {
  type    = bool
  default = false
}

resource "aws_db_instance" "main" {
  identifier             = "${var.name}-db"
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  allocated_storage      = 20
  username               = "app"
  manage_master_user_password = true
  publicly_accessible    = var.public
  storage_encrypted      = false
  vpc_security_group_ids = var.security_group_ids
  backup_retention_period = 0
}

output "endpoint" {
  value = aws_db_instance.main.endpoint
}
