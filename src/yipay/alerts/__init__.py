"""The one alerts model for every source (rules, models, screening); one alert per window."""
