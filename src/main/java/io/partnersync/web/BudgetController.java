package io.partnersync.web;

import io.partnersync.sync.VendorBudget;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The vendor CRM's API allowance as the partners share it: each partner's use, fair share and whether it waits. */
@RestController
class BudgetController {

    private final VendorBudget budget;

    BudgetController(VendorBudget budget) {
        this.budget = budget;
    }

    @GetMapping("/api/budget")
    VendorBudget.Budget budget() {
        return budget.vendor().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "the vendor CRM's allowance is not known yet (it is read from its answers), or partnersync.vendor-budget.enabled is false"));
    }
}
