"""The audit log: who viewed or exported which staff page holding customer data."""
