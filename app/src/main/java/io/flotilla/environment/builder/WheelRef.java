package io.flotilla.environment.builder;

/** A wheel uploaded to the appliance (package sync), named by its file name and content hash. */
public record WheelRef(String filename, String sha256) { }
