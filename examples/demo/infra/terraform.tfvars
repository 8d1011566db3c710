environment         = "staging"
allow_from_anywhere = true
