resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = { #!
    env = "prod"
  }
}

resource "aws_instance" "worker" { #!
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}
