package org.computeworker.worker.placement;

/**
 * The placement microversion nova Zed's report client asks for on each request
 * (nova/scheduler/client/report.py). Requests nova sends without one (GET .../inventories,
 * DELETE /allocations/{consumer}) are sent without one here too, and placement serves them at 1.0.
 */
final class Microversions {
    /** GET /resource_providers?in_tree= and GET /resource_providers/{uuid} (NESTED_PROVIDER_API_VERSION). */
    static final String NESTED_PROVIDERS = "1.14";
    /** POST /resource_providers, which from 1.20 answers with the new provider (POST_RPS_RETURNS_PAYLOAD). */
    static final String CREATE_PROVIDER = "1.20";
    /** GET /resource_providers/{uuid}/aggregates with the provider generation (AGGREGATE_GENERATION_VERSION). */
    static final String AGGREGATES = "1.19";
    /** GET/PUT /traits, GET/PUT /resource_providers/{uuid}/traits. */
    static final String TRAITS = "1.6";
    /** PUT /resource_classes/CUSTOM_* creating a class. */
    static final String RESOURCE_CLASS = "1.7";
    /** PUT /resource_providers/{uuid}/inventories: reserved may equal total (ALLOW_RESERVED_EQUAL_TOTAL). */
    static final String INVENTORY = "1.26";
    /** GET/PUT /allocations/{consumer} and POST /allocations with consumer generations. */
    static final String CONSUMER_GENERATION = "1.28";

    private Microversions() {
    }
}
