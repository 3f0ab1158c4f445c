"""What each rule kind, aggregate, policy and reason means: written once, pure, over plain values."""
