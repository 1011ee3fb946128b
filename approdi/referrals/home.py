"""The coordination office's home panel: the head of the referral queue."""
